import { DeploymentChangedEvent } from '../deployments/deployments.events';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { RolloutChangedEvent } from '../rollouts/rollouts.events';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import type { ClusterBus } from '../cluster/cluster-bus';
import { MAX_PROMPTS_PER_STREAM, servingChangeOf, ServingEvents } from './serving-events.service';

const at = new Date('2026-12-03T10:00:00.000Z');

describe('what a domain event announces to caching clients', () => {
  it('names the environment and version of a deploy or a rollback', () => {
    expect(servingChangeOf(new DeploymentChangedEvent('greeting', 'prod', 'deployment.deploy', 3), at)).toEqual({
      prompt: 'greeting',
      environment: 'prod',
      reason: 'deployed',
      version: 3,
      at: '2026-12-03T10:00:00.000Z',
    });
    expect(servingChangeOf(new DeploymentChangedEvent('greeting', 'dev', 'deployment.rollback', 1), at)).toMatchObject({
      environment: 'dev',
      reason: 'rolled_back',
      version: 1,
    });
  });

  it('announces nothing for webhook settings, which change nothing served', () => {
    for (const action of ['webhook.create', 'webhook.rotate', 'webhook.update', 'webhook.disable'] as const) {
      expect(servingChangeOf(new DeploymentChangedEvent('greeting', 'prod', action), at)).toBeNull();
    }
  });

  it('announces a rollout change in its environment, and prompt changes in every environment', () => {
    expect(servingChangeOf(new RolloutChangedEvent('greeting', 'prod', 7, 'started'), at)).toMatchObject({
      environment: 'prod',
      reason: 'rollout',
    });
    expect(servingChangeOf(new PromptChangedEvent('greeting', 'prompt.disable'), at)).toMatchObject({
      environment: null,
      reason: 'disabled',
    });
    expect(servingChangeOf(new PromptChangedEvent('greeting', 'version.publish'), at)).toMatchObject({
      environment: null,
      reason: 'prompt_changed',
    });
  });
});

describe('what an event stream may hear', () => {
  const events = new ServingEvents({} as ClusterBus);
  const key = (environment: string | null) => ({ environment }) as ApiKeyPrincipal;

  it('keeps an environment-bound key to its environment and refuses another', () => {
    expect(events.filterOf({}, key('dev'))).toEqual({ prompts: null, environment: 'dev' });
    expect(() => events.filterOf({ environment: 'prod' }, key('dev'))).toThrow(
      expect.objectContaining({ status: 403, code: 'API_KEY_ENVIRONMENT_MISMATCH' }),
    );
    expect(events.filterOf({ environment: 'prod', prompts: 'a,b,a' }, key(null))).toEqual({
      prompts: new Set(['a', 'b']),
      environment: 'prod',
    });
  });

  it(`lists at most ${MAX_PROMPTS_PER_STREAM} prompts`, () => {
    const names = Array.from({ length: MAX_PROMPTS_PER_STREAM + 1 }, (_, i) => `p${i}`).join(',');
    expect(() => events.filterOf({ prompts: names }, undefined)).toThrow(expect.objectContaining({ status: 400 }));
  });
});
