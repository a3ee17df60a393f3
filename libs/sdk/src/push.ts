import type { ServingChangedEvent } from '@promptops/shared';
import { PromptOpsError } from './errors';
import { HttpOptions, sendForStream } from './http';
import { readEvents } from './sse';

const CONNECT_TIMEOUT_MS = 10_000;
/** The API sends a comment every 15 s: three missed ones mean the connection is dead. */
const SILENCE_LIMIT_MS = 45_000;
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** Prompts cached within this window are added to the stream together, with one reconnect. */
const RESUBSCRIBE_DELAY_MS = 25;
/** Past this, the stream asks for every prompt and the client ignores the ones it does not hold (URL length). */
const MAX_LISTED_PROMPTS = 100;

export interface PushHandlers {
  /** What a prompt resolves to may have changed. */
  changed(event: ServingChangedEvent): void;
  /** The stream (re)connected and listens: changes made while it did not may have been missed. */
  listening(): void;
}

/**
 * One event stream to `GET /api/v1/serving/events` for the prompts the client holds, kept open:
 * reconnected with backoff when it drops or goes silent, and reopened when a prompt is added.
 */
export class PushSubscription {
  private readonly prompts = new Set<string>();
  private current: AbortController | null = null;
  private running = false;
  private stopped = false;
  private resubscribe: ReturnType<typeof setTimeout> | null = null;
  private resubscribing = false;
  private readonly stopSignal = new AbortController();

  constructor(
    private readonly http: HttpOptions,
    private readonly handlers: PushHandlers,
  ) {}

  /** Listen for this prompt too. */
  watch(prompt: string): void {
    if (this.stopped || this.prompts.has(prompt)) return;
    this.prompts.add(prompt);
    if (!this.running) {
      this.running = true;
      void this.loop();
      return;
    }
    this.resubscribe ??= setTimeout(() => {
      this.resubscribe = null;
      // The loop reconnects at once with the longer list.
      this.resubscribing = true;
      this.current?.abort();
    }, RESUBSCRIBE_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
    if (this.resubscribe) clearTimeout(this.resubscribe);
    this.stopSignal.abort();
    this.current?.abort();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const controller = new AbortController();
      this.current = controller;
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const alive = () => {
        clearTimeout(watchdog);
        watchdog = setTimeout(() => controller.abort(), SILENCE_LIMIT_MS);
      };
      try {
        const response = await sendForStream(
          this.http,
          { method: 'GET', path: this.path(), timeoutMs: CONNECT_TIMEOUT_MS },
          controller.signal,
        );
        alive();
        for await (const event of readEvents(response.body as ReadableStream<Uint8Array>, alive)) {
          if (event.event === 'ready') {
            failures = 0;
            this.handlers.listening();
          } else if (event.event === 'changed') {
            this.handlers.changed(JSON.parse(event.data) as ServingChangedEvent);
          }
        }
      } catch (error) {
        // A server without the endpoint will not grow one: stop rather than retry forever.
        if (error instanceof PromptOpsError && error.status === 404) return;
      } finally {
        clearTimeout(watchdog);
      }
      if (this.stopped) return;
      if (this.resubscribing) {
        this.resubscribing = false;
        continue;
      }
      failures += 1;
      await this.sleep(backoffMs(failures));
    }
  }

  private path(): string {
    const names = [...this.prompts];
    const listed = names.length <= MAX_LISTED_PROMPTS ? `?prompts=${names.map(encodeURIComponent).join(',')}` : '';
    return `/api/v1/serving/events${listed}`;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.stopSignal.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
    });
  }
}

/** Exponential with full jitter, so many clients of a restarted server do not reconnect in step. */
function backoffMs(failures: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (failures - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
