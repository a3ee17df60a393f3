import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { ApiKeyPrincipal } from '../../api-keys/api-keys.service';
import { Actor, AuthenticatedUser } from './authenticated-user';

export type RequestWithUser = FastifyRequest & { user?: AuthenticatedUser; apiKey?: ApiKeyPrincipal };

/** The caller (a console user or an API key) and their address, for services that audit what they change. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<RequestWithUser>();
  const key = request.apiKey;
  return {
    user: request.user ?? null,
    ip: request.ip ?? null,
    apiKey: key
      ? { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, environment: key.environment }
      : null,
  };
});
