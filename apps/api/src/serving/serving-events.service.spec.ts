import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply } from 'fastify';
import { DeploymentChangedEvent } from '../deployments/deployments.events';
import { PromptChangedEvent } from '../prompts/prompts.events';
import { RolloutChangedEvent } from '../rollouts/rollouts.events';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import type { ClusterBus } from '../cluster/cluster-bus';
import {
  MAX_PROMPTS_PER_STREAM,
  MAX_STREAMS_PER_CALLER,
  servingChangeOf,
  ServingEvents,
} from './serving-events.service';

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

describe('an open event stream', () => {
  /** A bus that delivers what is published to what subscribed, as without Redis. */
  function localBus(): ClusterBus {
    const emitter = new EventEmitter();
    return {
      publish: async (channel: string, message: string) => void emitter.emit(channel, message),
      subscribe: async (channel: string, handler: (message: string) => void) => void emitter.on(channel, handler),
    } as unknown as ClusterBus;
  }

  function connection() {
    const written: string[] = [];
    const request = new EventEmitter() as unknown as IncomingMessage;
    const raw = Object.assign(new EventEmitter(), {
      writableLength: 0,
      writableEnded: false,
      writeHead: jest.fn(),
      write: (chunk: string) => written.push(chunk),
      end: () => (raw.writableEnded = true),
    });
    const reply = { raw, hijack: jest.fn() } as unknown as FastifyReply;
    return { written, request, reply, raw };
  }

  const apiKey = { id: 1, environment: null } as ApiKeyPrincipal;
  const change = (prompt: string) =>
    servingChangeOf(new DeploymentChangedEvent(prompt, 'prod', 'deployment.deploy', 2))!;

  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says ready, passes on changes to its prompts, and writes a comment every 15 s', async () => {
    const events = new ServingEvents(localBus());
    await events.onModuleInit();
    const { written, request, reply } = connection();
    events.open(events.filterOf({ prompts: 'greeting' }, apiKey), { apiKey }, request, reply);
    expect(written).toEqual([`event: ready\ndata: {"prompts":["greeting"],"environment":null}\n\n`]);

    await events.announce(change('greeting'));
    await events.announce(change('other'));
    expect(written).toHaveLength(2);
    expect(written[1]).toMatch(
      /^event: changed\ndata: \{"prompt":"greeting","at":".+","environment":"prod","reason":"deployed","version":2\}\n\n$/,
    );

    jest.advanceTimersByTime(15_000);
    expect(written[2]).toBe(': keep-alive\n\n');
    events.onModuleDestroy();
  });

  it('forgets a stream whose client went away, and frees its place under the cap', async () => {
    const events = new ServingEvents(localBus());
    await events.onModuleInit();
    const connections = Array.from({ length: MAX_STREAMS_PER_CALLER }, () => connection());
    for (const { request, reply } of connections)
      events.open({ prompts: null, environment: null }, { apiKey }, request, reply);
    const extra = connection();
    expect(() => events.open({ prompts: null, environment: null }, { apiKey }, extra.request, extra.reply)).toThrow(
      expect.objectContaining({ status: 429, code: 'EVENT_STREAMS_LIMIT' }),
    );

    const [gone] = connections;
    gone.request.emit('close');
    expect(gone.raw.writableEnded).toBe(true);
    await events.announce(change('greeting'));
    jest.advanceTimersByTime(15_000);
    expect(gone.written).toHaveLength(1);
    expect(connections[1].written).toHaveLength(3);
    events.open({ prompts: null, environment: null }, { apiKey }, extra.request, extra.reply);
    events.onModuleDestroy();
    expect(connections.every(({ raw }) => raw.writableEnded)).toBe(true);
  });
});
