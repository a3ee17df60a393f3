/**
 * How long the event loop may spend on renders before handing them to the worker threads.
 * Nearly every render takes microseconds and stays inline. A slow one gets at most
 * `perRenderMs` inline; slow renders together get at most `perWindowMs` of each `windowMs`,
 * so any number of them arriving at once cannot hold the loop (and `/api/health`) for longer.
 * Past that allowance a render still starts inline, with `floorMs`: enough for an ordinary
 * prompt, after which it moves to a worker.
 */
export class InlineBudget {
  private windowStart = 0;
  private spentMs = 0;

  constructor(
    private readonly perRenderMs: number,
    private readonly perWindowMs = 40,
    private readonly windowMs = 100,
    private readonly floorMs = 2,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The inline budget for the next render. */
  next(): number {
    this.roll();
    return Math.max(this.floorMs, Math.min(this.perRenderMs, this.perWindowMs - this.spentMs));
  }

  /** Records how long an inline render took; only slow ones count against the window. */
  spent(ms: number): void {
    if (ms < this.floorMs) return;
    this.roll();
    this.spentMs += ms;
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.spentMs = 0;
    }
  }
}
