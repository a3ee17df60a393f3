import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Permission, roleHas } from '@promptops/shared';
import { Brackets, EntityManager, In, Repository, SelectQueryBuilder } from 'typeorm';
import { Actor } from '../common/auth/authenticated-user';
import { ForbiddenError } from '../common/problem/domain.error';
import {
  AuditEntryDto,
  AuditFilterQueryDto,
  AuditListResponseDto,
  AuditTargetListResponseDto,
  ListAuditQueryDto,
} from './dto/audit.dto';
import { AuditLogEntry, AuditSummary } from './audit-log-entry.entity';

/** What a successful console sign-in is recorded as. */
const SIGN_IN_ACTION = 'auth.login';

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
    if (!onePrompt) assertMaySeeEverything(actor);
    const [rows, total] = await this.filtered(query)
      .orderBy('a.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items: rows.map(toEntry), total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * The entries a filter matches grouped by what they are about, most recently changed target
   * first: how many entries each has and the newest one.
   */
  async listTargets(query: ListAuditQueryDto, actor: Actor): Promise<AuditTargetListResponseDto> {
    assertMaySeeEverything(actor);
    const groups = this.filtered(query)
      .select('a.targetType', 'targetType')
      .addSelect('a.targetId', 'targetId')
      .addSelect('COUNT(*)', 'entries')
      .addSelect('MAX(a.id)', 'lastId')
      .groupBy('a.targetType')
      .addGroupBy('a.targetId');
    const [{ total }] = (await this.entries.manager
      .createQueryBuilder()
      .select('COUNT(*)', 'total')
      .from(`(${groups.getQuery()})`, 'g')
      .setParameters(groups.getParameters())
      .getRawMany()) as { total: number | string }[];
    const page = await groups
      .orderBy('MAX(a.id)', 'DESC')
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawMany<{ targetType: string; targetId: string; entries: number | string; lastId: number | string }>();
    const last = await this.entries.findBy({ id: In(page.map((g) => Number(g.lastId))) });
    const byId = new Map(last.map((entry) => [entry.id, entry]));
    return {
      items: page.map((g) => ({
        targetType: g.targetType,
        targetId: g.targetId,
        entries: Number(g.entries),
        last: toEntry(byId.get(Number(g.lastId)) as AuditLogEntry),
      })),
      total: Number(total),
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** The entries a filter matches; the list and its grouping by target share it. */
  private filtered(query: AuditFilterQueryDto): SelectQueryBuilder<AuditLogEntry> {
    const qb = this.entries.createQueryBuilder('a');
    if (query.targetType === 'prompt' && query.targetId) {
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
    } else if (query.includeSignIns !== true) {
      // Every console sign-in is recorded; shown by default they bury the changes people look for.
      qb.andWhere('a.action <> :signIn', { signIn: SIGN_IN_ACTION });
    }
    if (query.from) qb.andWhere('a.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.createdAt <= :to', { to: query.to });
    return qb;
  }

  async record(manager: EntityManager, actor: Actor, event: AuditEvent): Promise<void> {
    const entry: Omit<AuditLogEntry, 'id'> = {
      actorId: actor.user?.id ?? null,
      actorEmail: actorName(actor),
      action: event.action,
      targetType: event.targetType,
      targetId: String(event.targetId),
      summary: actor.apiKey
        ? { ...event.summary, apiKey: { id: actor.apiKey.id, name: actor.apiKey.name, prefix: actor.apiKey.prefix } }
        : (event.summary ?? {}),
      ip: actor.ip,
      createdAt: new Date(),
    };
    await manager.getRepository(AuditLogEntry).save(entry);
  }
}

/**
 * Who an entry names: the user's email, or for a service call `api-key:<name>` (the key's id
 * and prefix go in the summary, since names need not be unique).
 */
export function actorName(actor: Actor): string | null {
  if (actor.user) return actor.user.email;
  return actor.apiKey ? `api-key:${actor.apiKey.name}`.slice(0, 191) : null;
}

/** Everyone's changes need admin:users; one prompt's own history needs only prompt:view. */
function assertMaySeeEverything(actor: Actor): void {
  if (actor.user && !roleHas(actor.user.role, Permission.ADMIN_USERS)) {
    throw new ForbiddenError(Permission.ADMIN_USERS, actor.user.role);
  }
}

function toEntry(entry: AuditLogEntry): AuditEntryDto {
  return {
    id: entry.id,
    actor: entry.actorEmail,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    summary: entry.summary as Record<string, unknown>,
    ip: entry.ip,
    createdAt: entry.createdAt,
  };
}
