import { Injectable } from '@nestjs/common';
import type { RunInput } from './run-log';

/** A model call under way on this process: what the run log will hold once it ends. */
export interface InFlightRun {
  id: number;
  input: RunInput;
  startedAt: Date;
  /** Streamed text so far. */
  output: string;
  /** Aborts the call: its client went away, or the process is shutting down. */
  readonly controller: AbortController;
  /** Set when a shutdown aborted the call (rather than its client). */
  abortedByShutdown: boolean;
}

/**
 * The runs this process is making. The run log gets a run once it has ended (see RunLog), so
 * runs under way are shown from here, and a shutdown waits for them or aborts them.
 */
@Injectable()
export class InFlightRuns {
  private readonly runs = new Map<number, InFlightRun>();
  /** How each run stops listening to its caller's signal, which may outlive it (an experiment job's). */
  private readonly detach = new Map<number, () => void>();
  private idleWaiters: (() => void)[] = [];

  /** Registers a run; its controller aborts when `signal` (the caller's) does. */
  add(id: number, input: RunInput, signal?: AbortSignal): InFlightRun {
    const controller = new AbortController();
    if (signal?.aborted) controller.abort();
    else if (signal) {
      const abort = () => controller.abort();
      signal.addEventListener('abort', abort, { once: true });
      this.detach.set(id, () => signal.removeEventListener('abort', abort));
    }
    const run: InFlightRun = { id, input, startedAt: new Date(), output: '', controller, abortedByShutdown: false };
    this.runs.set(id, run);
    return run;
  }

  remove(id: number): void {
    this.runs.delete(id);
    this.detach.get(id)?.();
    this.detach.delete(id);
    if (this.runs.size === 0) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  get(id: number): InFlightRun | undefined {
    return this.runs.get(id);
  }

  /** Newest first. */
  list(): InFlightRun[] {
    return [...this.runs.values()].reverse();
  }

  get size(): number {
    return this.runs.size;
  }

  /** Resolves true once no run is under way, or false after `timeoutMs`. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.runs.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idleWaiters.push(wake);
    });
  }

  /** Aborts every run under way, for a shutdown. */
  abortAll(): void {
    for (const run of this.runs.values()) {
      run.abortedByShutdown = true;
      run.controller.abort();
    }
  }
}
