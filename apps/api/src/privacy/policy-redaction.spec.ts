import { TokenVault } from './engine/redaction-engine';
import { blockAsMask, redactMessages, redactValue, resolvePolicy, strictestForLog } from './policy-redaction';

describe('policy resolution and redaction of a request', () => {
  it('takes each entity type from the most specific level that mentions it', () => {
    const effective = resolvePolicy({
      default: { entities: { EMAIL: 'tokenize', PHONE: 'mask' }, custom: [{ name: 'TICKET', pattern: 'T-\\d+' }] },
      environment: { entities: { EMAIL: 'mask' }, custom: [] },
      prompt: { entities: { PHONE: 'off' }, custom: [{ name: 'TICKET', pattern: 'TK-\\d+' }] },
    });
    expect(effective).toEqual({
      entities: { EMAIL: 'mask', PHONE: 'off' },
      custom: [{ name: 'TICKET', pattern: 'TK-\\d+' }],
      sources: { EMAIL: 'environment', PHONE: 'prompt' },
    });
  });

  it('gives a value one placeholder across every message and the variables', () => {
    const vault = new TokenVault();
    const policy = { entities: { EMAIL: 'tokenize' as const } };
    const { messages, counts, blocked } = redactMessages(
      [
        { role: 'system', content: 'Reply to bob@example.com' },
        { role: 'user', content: 'cc bob@example.com and ann@example.com' },
      ],
      policy,
      vault,
    );
    expect(messages.map((m) => m.content)).toEqual(['Reply to <EMAIL_1>', 'cc <EMAIL_1> and <EMAIL_2>']);
    expect(counts).toEqual({ EMAIL: 3 });
    expect(blocked).toEqual([]);
    expect(redactValue({ to: ['bob@example.com'], n: 2 }, policy, vault)).toEqual({ to: ['<EMAIL_1>'], n: 2 });
  });

  it('reports blocked types and logs a refused request with them masked', () => {
    const policy = { entities: { EMAIL: 'block' as const } };
    const vault = new TokenVault();
    expect(redactMessages([{ role: 'user', content: 'a@b.co' }], policy, vault).blocked).toEqual(['EMAIL']);
    expect(redactMessages([{ role: 'user', content: 'a@b.co' }], blockAsMask(policy), vault).messages[0].content).toBe(
      '<EMAIL>',
    );
  });

  it('masks for a flow’s log whatever any of its prompts’ policies acts on', () => {
    expect(
      strictestForLog([{ entities: { EMAIL: 'tokenize', PHONE: 'off' } }, { entities: { PHONE: 'block' } }]).entities,
    ).toEqual({ EMAIL: 'mask', PHONE: 'mask' });
  });
});
