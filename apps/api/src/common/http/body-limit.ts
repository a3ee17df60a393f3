import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

/**
 * A route whose JSON body may be larger than the global limit (BODY_LIMIT_BYTES): a whole
 * instance's export sent back to import. Other routes keep the global limit.
 */
export function BodyLimit(bytes: number): MethodDecorator {
  return RouteConfig({ bodyLimit: bytes });
}

/** Applies `@BodyLimit` to the routes that carry it; must run before the routes are registered. */
export function registerRouteBodyLimits(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route) => {
    const bytes = (route.config as { bodyLimit?: number } | undefined)?.bodyLimit;
    if (bytes) route.bodyLimit = bytes;
  });
}
