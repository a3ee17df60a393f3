import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode } from '@promptops/shared';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { UnauthorizedError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersService } from '../users/users.service';
import { LoginResponseDto } from './dto/login-response.dto';
import { hashPassword, verifyPassword } from './password';

interface TokenPayload {
  sub: number;
  email: string;
}

@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  private readonly ttlSeconds: number;
  /** Compared against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('promptops-decoy-password');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // APP_SECRET also keys encryption; the JWT key is derived from it so neither use reveals the other.
    const secret = createHmac('sha256', config.appSecret).update('promptops:jwt').digest();
    this.ttlSeconds = parseDuration(config.jwtTtl);
    this.jwt = new JwtService({ secret, signOptions: { expiresIn: this.ttlSeconds, algorithm: 'HS256' } });
  }

  async login(email: string, password: string): Promise<LoginResponseDto> {
    const user = await this.users.findByEmail(email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid || !user.enabled) {
      throw new UnauthorizedError('Email or password is incorrect', ErrorCode.INVALID_CREDENTIALS);
    }
    const payload: TokenPayload = { sub: user.id, email: user.email };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.ttlSeconds,
      user: this.users.toResponse(user),
    };
  }

  /** Verifies a console token and loads its user, so a disabled user is refused at once. */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedError('The access token is invalid or has expired; sign in again');
    }
    const user = await this.users.findById(payload.sub);
    if (!user || !user.enabled) throw new UnauthorizedError('This account no longer has access; sign in again');
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}

function parseDuration(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) return 12 * 3600;
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
  return Number(match[1]) * units[match[2]];
}
