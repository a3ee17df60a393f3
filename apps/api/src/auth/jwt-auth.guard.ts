import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, Permission, roleHas } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import type { ApiKeyScope } from '../api-keys/api-key.entity';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { RateLimiter } from '../cluster/rate-limiter';
import { API_KEY_SCOPE } from '../common/auth/api-key-auth.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { IS_PUBLIC } from '../common/auth/public.decorator';
import { REQUIRED_PERMISSION, SIGNED_IN } from '../common/auth/require-permission.decorator';
import { DomainError, ForbiddenError, UnauthorizedError } from '../common/problem/domain.error';
import { AuthService } from './auth.service';

/**
 * Every route needs `Authorization: Bearer <token>` unless it is marked @Public(); routes
 * marked @AllowApiKey(scope) also take `X-API-Key`, rate limited per key on every replica.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly apiKeys: ApiKeysService,
    private readonly rateLimiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(API_KEY_SCOPE, targets);
    const presentedKey = request.headers['x-api-key'];
    if (scope && typeof presentedKey === 'string') {
      const key = await this.apiKeys.authenticate(presentedKey, scope);
      request.apiKey = key;
      await this.limit(`key:${key.prefix}`, key.rateLimitPerMinute, context.switchToHttp().getResponse<FastifyReply>());
      return true;
    }

    const header = request.headers.authorization;
    if (!header) {
      throw new UnauthorizedError(
        scope
          ? 'Send X-API-Key: <key> (or a console session as Authorization: Bearer <accessToken>)'
          : 'Sign in first: send Authorization: Bearer <accessToken>',
      );
    }
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <accessToken>"');
    }
    request.user = await this.auth.authenticate(token);
    const permission = this.reflector.getAllAndOverride<Permission | typeof SIGNED_IN | undefined>(
      REQUIRED_PERMISSION,
      targets,
    );
    if (permission && permission !== SIGNED_IN && !roleHas(request.user.role, permission)) {
      throw new ForbiddenError(permission, request.user.role);
    }
    return true;
  }

  private async limit(bucket: string, perMinute: number, reply: FastifyReply): Promise<void> {
    const decision = await this.rateLimiter.take(bucket, perMinute);
    const headers = rateLimitHeaders(decision);
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    if (!decision.allowed) {
      throw new DomainError(
        429,
        ErrorCode.RATE_LIMITED,
        'Too Many Requests',
        `Rate limit of ${perMinute} requests per minute reached; retry in ${decision.retryAfterSeconds} s`,
      ).withHeaders({ ...headers, 'retry-after': String(decision.retryAfterSeconds) });
    }
  }
}

export function rateLimitHeaders(decision: { limit: number; remaining: number; resetSeconds: number }) {
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
  };
}
