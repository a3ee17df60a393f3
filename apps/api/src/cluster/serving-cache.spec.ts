import { Logger } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import { NotFoundError } from '../common/problem/domain.error';
import type { ClusterBus } from './cluster-bus';
import { ServingCache } from './serving-cache';

describe('the serving cache read on every serving request', () => {
  // Reading needs no bus: only invalidation talks to the other replicas.
  const cache = () => new ServingCache({} as ClusterBus);
  const dbDown = () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3306'));

  it('loads once, then answers from memory while the value is fresh', async () => {
    const served = cache();
    const load = jest.fn().mockResolvedValue('v1');
    expect(await served.read('k', 60_000, load, 'k')).toBe('v1');
    expect(await served.read('k', 60_000, load, 'k')).toBe('v1');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('loads again once the value has expired', async () => {
    const served = cache();
    await served.read('k', 0, () => Promise.resolve('v1'), 'k');
    expect(await served.read('k', 0, () => Promise.resolve('v2'), 'k')).toBe('v2');
  });

  it('keeps serving the last good value while the database is unreachable, with a warning', async () => {
    const served = cache();
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await served.read('k', 0, () => Promise.resolve('v1'), 'k');
    expect(await served.read('k', 0, dbDown, '"support-reply" in prod')).toBe('v1');
    expect(warn).toHaveBeenCalledWith(
      'Serving cached "support-reply" in prod: the database failed (connect ECONNREFUSED 127.0.0.1:3306)',
    );
    warn.mockRestore();
  });

  it('passes on an answer of the database (not found), and a failure with nothing cached', async () => {
    const served = cache();
    await served.read('k', 0, () => Promise.resolve('v1'), 'k');
    const gone = new NotFoundError(ErrorCode.PROMPT_NOT_FOUND, 'Prompt "x" does not exist');
    await expect(served.read('k', 0, () => Promise.reject(gone), 'k')).rejects.toBe(gone);
    await expect(served.read('other', 0, dbDown, 'other')).rejects.toThrow('ECONNREFUSED');
  });
});
