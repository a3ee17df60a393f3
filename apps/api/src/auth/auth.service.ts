import { createHmac } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode } from '@promptops/shared';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { AuditService } from '../audit/audit.service';
import { RateLimiter } from '../cluster/rate-limiter';
import { DomainError, UnauthorizedError } from '../common/problem/domain.error';
import { TransactionService } from '../database/transaction.service';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersService } from '../users/users.service';
import { LoginResponseDto } from './dto/login-response.dto';
import { hashPassword, verifyPassword } from './password';

/**
 * Attempts a minute, successful ones included; generous for people, tight for scripts. Counted
 * per account from one address, so that guessing from elsewhere never locks the owner out, and
 * per address over all accounts, so that one address cannot try many.
 */
const LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS = 10;
const LOGIN_ATTEMPTS_PER_ADDRESS = 60;

interface TokenPayload {
  sub: number;
  email: string;
  /** The user's session version when the token was issued; absent in tokens from before it existed. */
  sv?: number;
}

@Injectable()
export class AuthService {
  private readonly jwt: JwtService;
  private readonly ttlSeconds: number;
  /** Compared against when the email is unknown, so both failures take the same time. */
  private readonly decoyHash = hashPassword('promptops-decoy-password');

  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly rateLimiter: RateLimiter,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {
    // APP_SECRET also keys encryption; the JWT key is derived from it so neither use reveals the other.
    const secret = createHmac('sha256', config.appSecret).update('promptops:jwt').digest();
    this.ttlSeconds = parseDuration(config.jwtTtl);
    this.jwt = new JwtService({ secret, signOptions: { expiresIn: this.ttlSeconds, algorithm: 'HS256' } });
  }

  async login(email: string, password: string, ip: string | null): Promise<LoginResponseDto> {
    await this.throttle(email, ip);
    const user = await this.users.findByEmail(email);
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid || !user.enabled) {
      this.logger.warn(`Failed sign-in for ${email} from ${ip ?? 'unknown address'}`);
      await this.transactions.run((manager) =>
        this.audit.record(
          manager,
          { user: null, ip },
          { action: 'auth.login_failed', targetType: 'user', targetId: email },
        ),
      );
      throw new UnauthorizedError('Email or password is incorrect', ErrorCode.INVALID_CREDENTIALS);
    }
    const actor = { user: this.users.toResponse(user), ip };
    await this.transactions.run((manager) =>
      this.audit.record(manager, actor, { action: 'auth.login', targetType: 'user', targetId: user.id }),
    );
    const payload: TokenPayload = { sub: user.id, email: user.email, sv: user.sessionVersion };
    return {
      accessToken: await this.jwt.signAsync(payload),
      expiresIn: this.ttlSeconds,
      user: this.users.toResponse(user),
    };
  }

  /** Sign-in attempts are limited per account and address, and per address, on every replica. */
  private async throttle(email: string, ip: string | null): Promise<void> {
    const address = ip ?? 'unknown';
    const account = email.trim().toLowerCase();
    const perAddress = await this.rateLimiter.take(`login:ip:${address}`, LOGIN_ATTEMPTS_PER_ADDRESS);
    const perAccount = await this.rateLimiter.take(
      `login:account-ip:${account}|${address}`,
      LOGIN_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS,
    );
    const refused = [perAccount, perAddress].find((d) => !d.allowed);
    if (refused) {
      this.logger.warn(`Sign-in throttled for ${email} from ${ip ?? 'unknown address'}`);
      throw new DomainError(
        429,
        ErrorCode.TOO_MANY_REQUESTS,
        'Too Many Requests',
        `Too many sign-in attempts; try again in ${refused.retryAfterSeconds} s`,
      ).withHeaders({ 'retry-after': String(refused.retryAfterSeconds) });
    }
  }

  /**
   * Verifies a console token and loads its user, so that a disabled user, and every session
   * issued before a password change, reset or role change, is refused at once.
   */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { algorithms: ['HS256'] });
    } catch {
      throw new UnauthorizedError('The access token is invalid or has expired; sign in again');
    }
    const user = await this.users.findById(payload.sub);
    if (!user || !user.enabled) throw new UnauthorizedError('This account no longer has access; sign in again');
    if ((payload.sv ?? 0) !== user.sessionVersion) {
      throw new UnauthorizedError('This session has ended (password or role changed); sign in again');
    }
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}

function parseDuration(value: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(value.trim());
  if (!match) return 12 * 3600;
  const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };
  return Number(match[1]) * units[match[2]];
}
