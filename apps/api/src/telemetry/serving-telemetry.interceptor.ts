import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { DomainError } from '../common/problem/domain.error';
import { RunMetrics } from './run-metrics';
import { Tracing } from './tracing';

/**
 * The Nest routes that serve callers, counted and traced as `{method} {route}` (the route's
 * template: a webhook's secret never appears in a label or a span). The serving fast path
 * instruments the same calls itself.
 */
export const SERVING_ROUTES = new Set([
  '/api/v1/run/:name',
  '/api/v1/prompts/:name/render',
  '/api/webhooks/:secret',
  '/api/v1/flows/:name/execute',
]);

/**
 * Around each serving call answered by Nest: a Prometheus count and duration, and a server span
 * continuing the caller's trace. Nothing at all while both are off.
 */
@Injectable()
export class ServingTelemetryInterceptor implements NestInterceptor {
  constructor(
    private readonly tracing: Tracing,
    private readonly metrics: RunMetrics,
  ) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if ((!this.tracing.enabled && !this.metrics.enabled) || execution.getType() !== 'http') return next.handle();
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions?.url;
    if (!route || !SERVING_ROUTES.has(route)) return next.handle();
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    const started = performance.now();
    const params = request.params as Record<string, string | undefined>;
    const span = this.tracing.startServerSpan(`${request.method} ${route}`, request.headers, {
      'http.request.method': request.method,
      'http.route': route,
      ...(params.name ? { 'promptops.prompt.name': params.name } : {}),
    });
    const end = (status: number, error?: unknown) => {
      this.metrics.observeHttp(request.method, route, status, (performance.now() - started) / 1000);
      if (span) this.tracing.endServerSpan(span, status, error);
    };
    // The handler is invoked when the inner observable is subscribed, inside the span's context.
    const handled = span ? context.with(this.tracing.contextWith(span), () => next.handle()) : next.handle();
    return new Observable((subscriber) =>
      handled.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          end(statusOf(error), error);
          subscriber.error(error);
        },
        complete: () => {
          end(reply.statusCode);
          subscriber.complete();
        },
      }),
    );
  }
}

/** The status the problem filter will answer an error with. */
function statusOf(error: unknown): number {
  if (error instanceof DomainError) return error.status;
  if (error instanceof HttpException) return error.getStatus();
  return 500;
}
