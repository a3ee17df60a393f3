import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../common/auth/public.decorator';
import { RequestWithUser } from '../common/auth/current-actor.decorator';
import { UnauthorizedError } from '../common/problem/domain.error';
import { AuthService } from './auth.service';

/** Every route needs `Authorization: Bearer <token>` unless it is marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<RequestWithUser>();
    const header = request.headers.authorization;
    if (!header) throw new UnauthorizedError('Sign in first: send Authorization: Bearer <accessToken>');
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new UnauthorizedError('The Authorization header must be "Bearer <accessToken>"');
    }
    request.user = await this.auth.authenticate(token);
    return true;
  }
}
