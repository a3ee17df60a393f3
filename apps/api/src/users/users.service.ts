import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode, Permission, ROLE_PERMISSIONS, roleHas, UserRole } from '@promptops/shared';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/password';
import { Actor } from '../common/auth/authenticated-user';
import { BadRequestError, ConflictError, NotFoundError } from '../common/problem/domain.error';
import { isUniqueViolation } from '../database/errors';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { ChangePasswordDto, CreateUserDto, DebugModeDto, UpdateUserDto } from './dto/user-input.dto';
import {
  CreatedUserResponseDto,
  CurrentUserResponseDto,
  UserDetailResponseDto,
  UserListResponseDto,
  UserResponseDto,
} from './dto/user-response.dto';
import { User } from './user.entity';

export class UserNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(ErrorCode.USER_NOT_FOUND, `User ${id} does not exist`);
  }
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: email.trim().toLowerCase() });
  }

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  /**
   * On an empty database, creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
   * generated password that is printed once (it is stored only as a hash).
   */
  async ensureFirstAdmin(): Promise<User | null> {
    if ((await this.users.count()) > 0) return null;
    const email = this.config.admin.email;
    const generated = !this.config.admin.password;
    const password = this.config.admin.password ?? randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(password);

    // Replicas starting together on an empty database race here: the unique email decides, and
    // the others carry on without creating anyone.
    const admin = await this.transactions
      .run(async (manager) => {
        if ((await manager.count(User)) > 0) return null;
        const now = new Date();
        const user = await manager.save(
          manager.create(User, {
            email,
            name: 'Administrator',
            passwordHash,
            role: UserRole.ADMIN,
            externalId: null,
            enabled: true,
            debugUntil: null,
            sessionVersion: 0,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.audit.record(
          manager,
          { user: null, ip: null },
          {
            action: 'user.create',
            targetType: 'user',
            targetId: user.id,
            summary: { after: { email, role: UserRole.ADMIN }, reason: 'first admin on an empty database' },
          },
        );
        return user;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return null;
        throw error;
      });

    if (admin && generated) {
      // Printed once, on purpose: this is the only way an operator learns the generated password.
      this.logger.warn(
        `\n\n  First admin created: ${email}\n  Password: ${password}\n  (shown once; set ADMIN_EMAIL / ADMIN_PASSWORD to choose your own)\n`,
      );
    } else if (admin) {
      this.logger.log(`First admin created: ${email}`);
    }
    return admin;
  }

  toResponse(user: Pick<User, 'id' | 'email' | 'name' | 'role'>): UserResponseDto {
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }

  toDetail(user: User): UserDetailResponseDto {
    return {
      ...this.toResponse(user),
      externalId: user.externalId,
      enabled: user.enabled,
      debugUntil: user.debugUntil && user.debugUntil > new Date() ? user.debugUntil : null,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
    };
  }

  async getCurrentUser(id: number): Promise<CurrentUserResponseDto> {
    const user = await this.findById(id);
    if (!user) throw new UserNotFoundError(id);
    return { ...this.toDetail(user), permissions: [...ROLE_PERMISSIONS[user.role]] };
  }

  async listUsers(): Promise<UserListResponseDto> {
    const [rows, total] = await this.users.findAndCount({ order: { id: 'ASC' } });
    return { items: rows.map((u) => this.toDetail(u)), total };
  }

  async createUser(body: CreateUserDto, actor: Actor): Promise<CreatedUserResponseDto> {
    const temporaryPassword = body.password ? null : randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(body.password ?? (temporaryPassword as string));
    try {
      const user = await this.transactions.run(async (manager) => {
        await this.assertUnique(manager, body.email, body.externalId);
        const now = new Date();
        const created = await manager.save(
          manager.create(User, {
            email: body.email,
            name: body.name,
            passwordHash,
            role: body.role,
            externalId: body.externalId ?? null,
            enabled: true,
            debugUntil: null,
            sessionVersion: 0,
            createdAt: now,
            updatedAt: now,
          }),
        );
        await this.audit.record(manager, actor, {
          action: 'user.create',
          targetType: 'user',
          targetId: created.id,
          summary: { after: { email: created.email, role: created.role, externalId: created.externalId } },
        });
        return created;
      });
      return { ...this.toDetail(user), temporaryPassword };
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError(ErrorCode.CONFLICT, 'A user with this email or external id already exists');
      throw error;
    }
  }

  async updateUser(id: number, body: UpdateUserDto, actor: Actor): Promise<UserDetailResponseDto> {
    const user = await this.transactions.run(async (manager) => {
      const user = await manager.findOneBy(User, { id });
      if (!user) throw new UserNotFoundError(id);
      if (actor.user?.id === id && (body.enabled === false || (body.role && body.role !== user.role))) {
        throw new ConflictError(ErrorCode.CONFLICT, 'You cannot disable yourself or change your own role');
      }
      const externalId = body.externalId === undefined ? user.externalId : body.externalId || null;
      if (externalId !== user.externalId) await this.assertUnique(manager, undefined, externalId ?? undefined);
      const before = { name: user.name, role: user.role, externalId: user.externalId, enabled: user.enabled };
      // Sessions carry what the user could do when they signed in: a new role or disabling ends them.
      const endSessions =
        (body.role !== undefined && body.role !== user.role) || (body.enabled === false && user.enabled);
      Object.assign(user, {
        name: body.name ?? user.name,
        role: body.role ?? user.role,
        externalId,
        enabled: body.enabled ?? user.enabled,
        sessionVersion: endSessions ? user.sessionVersion + 1 : user.sessionVersion,
        updatedAt: new Date(),
      });
      await manager.save(user);
      await this.audit.record(manager, actor, {
        action: body.enabled === false && before.enabled ? 'user.disable' : 'user.update',
        targetType: 'user',
        targetId: id,
        summary: {
          before,
          after: { name: user.name, role: user.role, externalId: user.externalId, enabled: user.enabled },
        },
      });
      return user;
    });
    return this.toDetail(user);
  }

  /** Sets a new generated password, returned once; the user's current sessions end. */
  async resetPassword(id: number, actor: Actor): Promise<CreatedUserResponseDto> {
    const temporaryPassword = randomBytes(12).toString('base64url');
    const passwordHash = await hashPassword(temporaryPassword);
    const user = await this.transactions.run(async (manager) => {
      const user = await manager.findOneBy(User, { id });
      if (!user) throw new UserNotFoundError(id);
      user.passwordHash = passwordHash;
      user.sessionVersion += 1;
      user.updatedAt = new Date();
      await manager.save(user);
      await this.audit.record(manager, actor, { action: 'user.reset_password', targetType: 'user', targetId: id });
      return user;
    });
    return { ...this.toDetail(user), temporaryPassword };
  }

  /** Ends every session of the user, this one included: they sign in again with the new password. */
  async changeOwnPassword(id: number, body: ChangePasswordDto, actor: Actor): Promise<void> {
    const user = await this.findById(id);
    if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
      throw new BadRequestError(ErrorCode.INVALID_CREDENTIALS, 'The current password is incorrect', [
        { field: 'currentPassword', message: 'is incorrect' },
      ]);
    }
    const passwordHash = await hashPassword(body.newPassword);
    await this.transactions.run(async (manager) => {
      await manager.update(
        User,
        { id },
        { passwordHash, sessionVersion: () => 'session_version + 1', updatedAt: new Date() },
      );
      await this.audit.record(manager, actor, { action: 'user.change_password', targetType: 'user', targetId: id });
    });
  }

  /** Debug mode: this user's calls get the newest draft; stored, so every replica sees it. */
  async setDebugMode(id: number, body: DebugModeDto, actor: Actor): Promise<CurrentUserResponseDto> {
    const debugUntil = body.enabled ? new Date(Date.now() + (body.hours ?? 8) * 3600_000) : null;
    await this.transactions.run(async (manager) => {
      await manager.update(User, { id }, { debugUntil, updatedAt: new Date() });
      await this.audit.record(manager, actor, {
        action: body.enabled ? 'debug_mode.on' : 'debug_mode.off',
        targetType: 'user',
        targetId: id,
        summary: { after: { debugUntil: debugUntil?.toISOString() ?? null } },
      });
    });
    return this.getCurrentUser(id);
  }

  /** The user a calling system names (external id or email), if in debug mode and allowed to debug. */
  async findDebugUser(reference: string): Promise<User | null> {
    const byExternalId = await this.users.findOneBy({ externalId: reference });
    const user = byExternalId ?? (await this.users.findOneBy({ email: reference.trim().toLowerCase() }));
    if (!user?.enabled || !user.debugUntil || user.debugUntil <= new Date()) return null;
    return roleHas(user.role, Permission.PROMPT_DEBUG) ? user : null;
  }

  private async assertUnique(manager: EntityManager, email?: string, externalId?: string): Promise<void> {
    if (email && (await manager.existsBy(User, { email }))) {
      throw new ConflictError(ErrorCode.CONFLICT, `A user with email ${email} already exists`);
    }
    if (externalId && (await manager.existsBy(User, { externalId }))) {
      throw new ConflictError(ErrorCode.CONFLICT, `Another user already has external id "${externalId}"`);
    }
  }
}
