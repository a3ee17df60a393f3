import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { UserRole } from '@promptops/shared';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/password';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { UserResponseDto } from './dto/user-response.dto';
import { User } from './user.entity';

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

    const admin = await this.transactions.run(async (manager) => {
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
}
