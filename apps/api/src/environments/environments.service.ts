import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ErrorCode } from '@promptops/shared';
import { EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { ConflictError, NotFoundError } from '../common/problem/domain.error';
import { TransactionService } from '../database/transaction.service';
import { CreateEnvironmentDto, EnvironmentResponseDto, UpdateEnvironmentDto } from './dto/environment.dto';
import { Environment } from './environment.entity';

export class EnvironmentNotFoundError extends NotFoundError {
  constructor(name: string) {
    super(ErrorCode.ENVIRONMENT_NOT_FOUND, `Environment "${name}" does not exist`);
  }
}

@Injectable()
export class EnvironmentsService {
  constructor(
    @InjectRepository(Environment) private readonly environments: Repository<Environment>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  async listEnvironments(): Promise<EnvironmentResponseDto[]> {
    const rows = await this.environments.find({ order: { id: 'ASC' } });
    return rows.map(toResponse);
  }

  exists(name: string): Promise<boolean> {
    return this.environments.existsBy({ name });
  }

  /** Whether it exists as the caller's transaction sees it. */
  existsWithin(manager: EntityManager, name: string): Promise<boolean> {
    return manager.existsBy(Environment, { name });
  }

  async find(name: string): Promise<Environment> {
    const environment = await this.environments.findOneBy({ name });
    if (!environment) throw new EnvironmentNotFoundError(name);
    return environment;
  }

  async createEnvironment(body: CreateEnvironmentDto, actor: Actor): Promise<EnvironmentResponseDto> {
    const created = await this.transactions.run((manager) => this.insertEnvironment(manager, body, actor));
    return toResponse(created);
  }

  /** Inserts an environment (audited) inside the caller's transaction. */
  async insertEnvironment(manager: EntityManager, body: CreateEnvironmentDto, actor: Actor): Promise<Environment> {
    if (await manager.existsBy(Environment, { name: body.name })) {
      throw new ConflictError(ErrorCode.ENVIRONMENT_ALREADY_EXISTS, `Environment "${body.name}" already exists`);
    }
    const environment = await manager.save(
      manager.create(Environment, {
        name: body.name,
        description: body.description ?? null,
        isProtected: body.isProtected ?? false,
        createdAt: new Date(),
      }),
    );
    await this.audit.record(manager, actor, {
      action: 'environment.create',
      targetType: 'environment',
      targetId: environment.name,
      summary: { after: { isProtected: environment.isProtected } },
    });
    return environment;
  }

  async updateEnvironment(name: string, body: UpdateEnvironmentDto, actor: Actor): Promise<EnvironmentResponseDto> {
    const updated = await this.transactions.run(async (manager) => {
      const environment = await manager.findOneBy(Environment, { name });
      if (!environment) throw new EnvironmentNotFoundError(name);
      const before = { description: environment.description, isProtected: environment.isProtected };
      if (body.description !== undefined) environment.description = body.description || null;
      if (body.isProtected !== undefined) environment.isProtected = body.isProtected;
      await manager.save(environment);
      await this.audit.record(manager, actor, {
        action: 'environment.update',
        targetType: 'environment',
        targetId: name,
        summary: { before, after: { description: environment.description, isProtected: environment.isProtected } },
      });
      return environment;
    });
    return toResponse(updated);
  }
}

function toResponse(environment: Environment): EnvironmentResponseDto {
  return {
    name: environment.name,
    description: environment.description,
    isProtected: environment.isProtected,
    createdAt: environment.createdAt,
  };
}
