import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { DomainError } from '../common/problem/domain.error';
import { Tracing } from './tracing';

/**
 * The Nest routes that serve callers, traced as `{method} {route}` (the route's template: a
 * webhook's secret never appears in a span). The serving fast path traces the same calls itself.
 */
const TRACED_ROUTES = new Set([
  '/api/v1/run/:name',
  '/api/v1/prompts/:name/render',
  '/api/webhooks/:secret',
  '/api/v1/flows/:name/execute',
]);

/** A server span around each serving call answered by Nest (nothing at all while tracing is off). */
@Injectable()
export class ServingSpanInterceptor implements NestInterceptor {
  constructor(private readonly tracing: Tracing) {}

  intercept(execution: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.tracing.enabled || execution.getType() !== 'http') return next.handle();
    const request = execution.switchToHttp().getRequest<FastifyRequest>();
    const route = request.routeOptions?.url;
    if (!route || !TRACED_ROUTES.has(route)) return next.handle();
    const params = request.params as Record<string, string | undefined>;
    const span = this.tracing.startServerSpan(`${request.method} ${route}`, request.headers, {
      'http.request.method': request.method,
      'http.route': route,
      ...(params.name ? { 'promptops.prompt.name': params.name } : {}),
    })!;
    const reply = execution.switchToHttp().getResponse<FastifyReply>();
    // The handler is invoked when the inner observable is subscribed, inside the span's context.
    const handled = context.with(this.tracing.contextWith(span), () => next.handle());
    return new Observable((subscriber) =>
      handled.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          this.tracing.endServerSpan(span, error instanceof DomainError ? error.status : 500, error);
          subscriber.error(error);
        },
        complete: () => {
          this.tracing.endServerSpan(span, reply.statusCode);
          subscriber.complete();
        },
      }),
    );
  }
}
