import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../common/auth/authenticated-user';
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
