import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyScope, ErrorCode, Permission, roleHas } from '@promptops/shared';
import type { FastifyReply } from 'fastify';
import { ApiKeysService } from '../api-keys/api-keys.service';
import { API_KEY_SCOPE } from '../common/auth/api-key-auth.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { IS_PUBLIC } from '../common/auth/public.decorator';
import { REQUIRED_PERMISSION, SIGNED_IN } from '../common/auth/require-permission.decorator';
import { ForbiddenError, UnauthorizedError } from '../common/problem/domain.error';
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
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | ApiKeyScope[] | undefined>(API_KEY_SCOPE, targets);
    const presentedKey = request.headers['x-api-key'];
    if (scope && typeof presentedKey === 'string') {
      const { apiKey, rateLimitHeaders } = await this.apiKeys.admit(presentedKey, scope);
      request.apiKey = apiKey;
      context.switchToHttp().getResponse<FastifyReply>().headers(rateLimitHeaders);
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
    if (looksLikeApiKey(token)) {
      // Otherwise it fails as a JWT and the caller is told their session expired.
      throw new UnauthorizedError(
        scope
          ? 'This is an API key, not a console session: send it as X-API-Key: <key>, not Authorization: Bearer'
          : 'This is an API key, not a console session, and this route takes console sessions only: sign in and send Authorization: Bearer <accessToken>',
        ErrorCode.API_KEY_INVALID,
      );
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
}

/** API keys read `po_<prefix>_<secret>`; access tokens are JWTs (`xxx.yyy.zzz`). */
function looksLikeApiKey(token: string): boolean {
  return /^po_[A-Za-z0-9]+_/.test(token);
}
