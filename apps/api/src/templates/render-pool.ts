import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import {
  PromptSource,
  RenderedPrompt,
  RenderOptions,
  TemplateError,
  TemplateLimitError,
  TemplateRaisedError,
  TemplateRenderError,
  TemplateSecurityError,
  TemplateSyntaxError,
  UndefinedVariableError,
} from '@promptops/templating';
import { DomainError } from '../common/problem/domain.error';

interface Job {
  id: number;
  prompt: PromptSource;
  variables: Record<string, unknown>;
  options: Required<Pick<RenderOptions, 'timeoutMs' | 'maxOutputBytes'>>;
  resolve(rendered: RenderedPrompt): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The worker has loaded the templating library: a job's clock starts only then. */
  ready: boolean;
  job?: Job;
  timer?: NodeJS.Timeout;
}

interface WireError {
  name: string;
  code?: string;
  message: string;
  reason?: string;
  line?: number;
  column?: number;
  lineText?: string;
  variable?: string;
  messageIndex?: number;
}

type WorkerMessage =
  { ready: true } | { id: number; ok: true; result: RenderedPrompt } | { id: number; ok: false; error: WireError };

/** Past its CPU budget a worker gets this much longer to answer before it is terminated. */
const GRACE_MS = 100;
const MAX_QUEUE = 256;
/**
 * A worker's own heap. Renders build at most TEMPLATE_MAX_OUTPUT_BYTES-sized strings and lists,
 * so this leaves room for several; a render that still runs out is stopped with the thread,
 * instead of growing the API process.
 */
const WORKER_HEAP_MB = 256;

/**
 * A few worker threads for renders that outlive their inline budget. A worker that overruns
 * its job's budget is terminated and replaced, so no template can hold a CPU or the event loop.
 */
@Injectable()
export class RenderPool implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RenderPool.name);
  /** One core stays with the event loop, so runaway renders never slow the other requests. */
  private readonly size = Math.max(1, Math.min(4, availableParallelism() - 1));
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  /** Renders a whole prompt (all messages of a chat prompt) in a worker, under `options.timeoutMs`. */
  render(prompt: PromptSource, variables: Record<string, unknown>, options: Job['options']): Promise<RenderedPrompt> {
    if (this.queue.length >= MAX_QUEUE) {
      return Promise.reject(
        new DomainError(
          503,
          ErrorCode.SERVICE_UNAVAILABLE,
          'Service Unavailable',
          'Too many slow renders at once; retry shortly',
        ),
      );
    }
    return new Promise<RenderedPrompt>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, prompt, variables, options, resolve, reject });
      this.dispatch();
    });
  }

  /** Workers start with the server, so the first slow render does not also pay a worker's start. */
  onApplicationBootstrap(): void {
    while (this.spawn());
  }

  onModuleDestroy(): Promise<unknown> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('The server is shutting down'));
    return Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) {
        // A new worker takes the queue's head once it is ready (see its 'ready' message).
        this.spawn();
        return;
      }
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.timer = setTimeout(() => this.overrun(slot), job.options.timeoutMs + GRACE_MS);
      slot.worker.postMessage({ id: job.id, prompt: job.prompt, variables: job.variables, options: job.options });
    }
  }

  private spawn(): Slot | undefined {
    if (this.closed || this.slots.length >= this.size) return undefined;
    const slot: Slot = {
      worker: new Worker(join(__dirname, 'render.worker.js'), {
        resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
      }),
      ready: false,
    };
    slot.worker.unref();
    slot.worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        slot.ready = true;
        return this.dispatch();
      }
      const job = slot.job;
      if (!job || job.id !== message.id) return;
      this.finish(slot);
      if (message.ok) job.resolve(message.result);
      else job.reject(fromWire(message.error));
    });
    slot.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.logger.warn(`A render needed more than ${WORKER_HEAP_MB} MB; its worker was stopped`);
        return this.replace(
          slot,
          new TemplateLimitError(ErrorCode.TEMPLATE_OUTPUT_LIMIT, 'Rendering needed more memory than a render may use'),
        );
      }
      this.logger.error(`Render worker failed: ${error.message}`);
      this.replace(slot, new TemplateRenderError('The template could not be rendered'));
    });
    this.slots.push(slot);
    return slot;
  }

  private overrun(slot: Slot): void {
    const budget = slot.job?.options.timeoutMs;
    this.logger.warn(`A render exceeded its ${budget} ms budget; its worker was terminated`);
    this.replace(
      slot,
      new TemplateLimitError(ErrorCode.TEMPLATE_TIME_LIMIT, `Rendering took longer than ${budget} ms`),
    );
  }

  private replace(slot: Slot, error: Error): void {
    const job = slot.job;
    this.finish(slot);
    this.slots.splice(this.slots.indexOf(slot), 1);
    void slot.worker.terminate();
    job?.reject(error);
    // The replacement starts now, to be ready for the next slow render (not after a worker that
    // failed to load: that would only fail again, and the next job spawns one anyway).
    if (slot.ready) this.spawn();
    this.dispatch();
  }

  private finish(slot: Slot): void {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
    queueMicrotask(() => this.dispatch());
  }
}

function fromWire(e: WireError): TemplateError {
  const error = errorFromWire(e);
  error.messageIndex = e.messageIndex;
  return error;
}

function errorFromWire(e: WireError): TemplateError {
  switch (e.name) {
    case 'TemplateSyntaxError':
      return new TemplateSyntaxError(e.reason ?? e.message, e.line ?? 1, e.column ?? 1, e.lineText ?? '');
    case 'UndefinedVariableError':
      return new UndefinedVariableError(e.variable ?? '?', e.line, e.column);
    case 'TemplateRaisedError':
      return new TemplateRaisedError(e.message);
    case 'TemplateLimitError':
      return new TemplateLimitError(e.code as ConstructorParameters<typeof TemplateLimitError>[0], e.message);
    case 'TemplateSecurityError':
      return new TemplateSecurityError(e.message);
    default:
      return new TemplateRenderError(
        e.name === 'TemplateRenderError' ? e.message : 'The template could not be rendered',
        e.line,
        e.column,
      );
  }
}
