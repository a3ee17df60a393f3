import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Permission, roleHas } from '@promptops/shared';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { Actor } from '../common/auth/authenticated-user';
import { ForbiddenError } from '../common/problem/domain.error';
import { AuditListResponseDto, ListAuditQueryDto } from './dto/audit.dto';
import { AuditLogEntry, AuditSummary } from './audit-log-entry.entity';

export interface AuditEvent {
  action: string;
  targetType: string;
  targetId: string | number;
  summary?: AuditSummary;
}

/**
 * Records who changed what. Always called with the transaction's EntityManager, so the audit
 * row and the change it describes are committed together or not at all.
 */
@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLogEntry) private readonly entries: Repository<AuditLogEntry>) {}

  async listEntries(query: ListAuditQueryDto, actor: Actor): Promise<AuditListResponseDto> {
    const onePrompt = query.targetType === 'prompt' && !!query.targetId;
    if (!onePrompt && actor.user && !roleHas(actor.user.role, Permission.ADMIN_USERS)) {
      throw new ForbiddenError(Permission.ADMIN_USERS, actor.user.role);
    }
    const qb = this.entries.createQueryBuilder('a');
    if (onePrompt) {
      // A prompt's history includes its deployments (`name@environment`).
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('a.targetType = :prompt AND a.targetId = :id', { prompt: 'prompt', id: query.targetId })
            .orWhere('a.targetType = :deployment AND a.targetId LIKE :deployed', {
              deployment: 'deployment',
              deployed: `${query.targetId}@%`,
            }),
        ),
      );
    } else {
      if (query.targetType) qb.andWhere('a.targetType = :targetType', { targetType: query.targetType });
      if (query.targetId) qb.andWhere('a.targetId = :targetId', { targetId: query.targetId });
    }
    if (query.actor) qb.andWhere('a.actorEmail = :actor', { actor: query.actor.toLowerCase() });
    if (query.action) {
      if (query.action.endsWith('.')) qb.andWhere('a.action LIKE :action', { action: `${query.action}%` });
      else qb.andWhere('a.action = :action', { action: query.action });
    }
    if (query.from) qb.andWhere('a.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.createdAt <= :to', { to: query.to });
    const [rows, total] = await qb
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return {
      items: rows.map((r) => ({
        id: r.id,
        actor: r.actorEmail,
        action: r.action,
        targetType: r.targetType,
        targetId: r.targetId,
        summary: r.summary as Record<string, unknown>,
        ip: r.ip,
        createdAt: r.createdAt,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async record(manager: EntityManager, actor: Actor, event: AuditEvent): Promise<void> {
    const entry: Omit<AuditLogEntry, 'id'> = {
      actorId: actor.user?.id ?? null,
      actorEmail: actor.user?.email ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: String(event.targetId),
      summary: event.summary ?? {},
      ip: actor.ip,
      createdAt: new Date(),
    };
    await manager.getRepository(AuditLogEntry).save(entry);
  }
}
