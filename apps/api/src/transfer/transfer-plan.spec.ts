import { planVersions } from './transfer-plan';

describe('planVersions', () => {
  it('creates a new prompt with the numbers of the bundle when they run 1..n', () => {
    const plan = planVersions(
      [
        { version: 1, hash: 'a' },
        { version: 2, hash: 'a' },
        { version: 3, hash: 'b' },
      ],
      null,
    );
    expect(plan.map((v) => [v.version, v.action])).toEqual([
      [1, 'created'],
      [2, 'created'],
      [3, 'created'],
    ]);
    expect(plan.every((v) => v.reason === undefined)).toBe(true);
  });

  it('numbers a new prompt from 1 and says why when the bundle holds only later versions', () => {
    const plan = planVersions([{ version: 4, hash: 'd' }], null);
    expect(plan).toEqual([
      expect.objectContaining({
        sourceVersion: 4,
        version: 1,
        action: 'created',
        reason: expect.stringContaining('v4'),
      }),
    ]);
  });

  it('leaves versions with the same number and content unchanged (a second import changes nothing)', () => {
    const here = [
      { version: 1, hash: 'a' },
      { version: 2, hash: 'b' },
    ];
    expect(planVersions(here, here).map((v) => v.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('creates the next number when the bundle has it and it is free', () => {
    const plan = planVersions(
      [
        { version: 1, hash: 'a' },
        { version: 2, hash: 'b' },
      ],
      [{ version: 1, hash: 'a' }],
    );
    expect(plan[1]).toEqual({ sourceVersion: 2, version: 2, action: 'created', hash: 'b' });
  });

  it('reports a version whose content is here under another number as unchanged, naming it', () => {
    const plan = planVersions(
      [{ version: 3, hash: 'b' }],
      [
        { version: 1, hash: 'a' },
        { version: 2, hash: 'b' },
      ],
    );
    expect(plan[0]).toEqual(
      expect.objectContaining({ version: 2, action: 'unchanged', reason: 'same content as v2 here' }),
    );
  });

  it('never overwrites: other content under the same number becomes the next version, a conflict', () => {
    const plan = planVersions(
      [
        { version: 1, hash: 'a' },
        { version: 2, hash: 'x' },
      ],
      [
        { version: 1, hash: 'a' },
        { version: 2, hash: 'b' },
        { version: 3, hash: 'c' },
        { version: 4, hash: 'd' },
      ],
    );
    expect(plan[1]).toEqual({
      sourceVersion: 2,
      version: 5,
      action: 'conflict',
      hash: 'x',
      reason: 'v2 here has other content; created as v5',
    });
  });

  it('creates a version without a number as the next one unless the latest has that content', () => {
    const here = [
      { version: 1, hash: 'a' },
      { version: 2, hash: 'b' },
    ];
    expect(planVersions([{ hash: 'b' }], here)[0]).toEqual(
      expect.objectContaining({ sourceVersion: null, version: 2, action: 'unchanged' }),
    );
    expect(planVersions([{ hash: 'a' }], here)[0]).toEqual(
      expect.objectContaining({ sourceVersion: null, version: 3, action: 'created' }),
    );
  });

  it('plans consecutive numbers for several new versions after a conflict', () => {
    const plan = planVersions(
      [
        { version: 5, hash: 'e' },
        { version: 6, hash: 'f' },
      ],
      [{ version: 1, hash: 'a' }],
    );
    expect(plan.map((v) => [v.version, v.action])).toEqual([
      [2, 'conflict'],
      [3, 'conflict'],
    ]);
  });
});
