/** At most `limit` holders at a time; the rest wait in order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Runs `work` over `list` with at most `limit` at a time; stops taking new entries once `stop()` says so. */
export async function eachWithLimit<T>(
  list: readonly T[],
  limit: number,
  work: (entry: T) => Promise<void>,
  stop: () => boolean,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < list.length && !stop()) await work(list[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, lane));
}
