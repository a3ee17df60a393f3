import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RunSource } from '@promptops/shared';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { RedactionCounts } from './engine/redaction-engine';

/** How often the counts gathered since the last entry are written: one audit entry per prompt, environment and source. */
export const REDACTION_AUDIT_INTERVAL_MS = 60_000;

interface Tally {
  prompt: string;
  environment: string | null;
  source: RunSource;
  runs: number;
  blockedRuns: number;
  counts: RedactionCounts;
  from: Date;
}

/**
 * Puts redactions in the audit log as counts per entity type, never values. A write per run
 * would double the run path's writes, so runs are tallied in memory and written once a minute
 * (and at shutdown, before the database closes) as `privacy.redacted` entries: per prompt,
 * environment and source, how many runs had values redacted or were blocked, and how many of each type.
 */
@Injectable()
export class RedactionAudit implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RedactionAudit.name);
  private tallies = new Map<string, Tally>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), REDACTION_AUDIT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Counts one run's redactions (called only when something was found). */
  note(run: {
    prompt: string | null;
    environment: string | null;
    source: RunSource;
    counts: RedactionCounts;
    blocked: boolean;
  }): void {
    const prompt = run.prompt ?? '';
    const key = `${prompt}\u0000${run.environment ?? ''}\u0000${run.source}`;
    let tally = this.tallies.get(key);
    if (!tally) {
      tally = {
        prompt,
        environment: run.environment,
        source: run.source,
        runs: 0,
        blockedRuns: 0,
        counts: {},
        from: new Date(),
      };
      this.tallies.set(key, tally);
    }
    tally.runs++;
    if (run.blocked) tally.blockedRuns++;
    for (const [type, count] of Object.entries(run.counts)) tally.counts[type] = (tally.counts[type] ?? 0) + count;
  }

  /** Writes what was tallied since the last flush. */
  async flush(): Promise<void> {
    if (this.tallies.size === 0) return;
    const tallies = [...this.tallies.values()];
    this.tallies = new Map();
    const to = new Date();
    try {
      await this.dataSource.transaction(async (manager) => {
        for (const tally of tallies) {
          await this.audit.record(
            manager,
            { user: null, ip: null },
            {
              action: 'privacy.redacted',
              targetType: 'prompt',
              targetId: tally.prompt,
              summary: {
                environment: tally.environment,
                source: tally.source,
                runs: tally.runs,
                blockedRuns: tally.blockedRuns,
                counts: tally.counts,
                from: tally.from.toISOString(),
                to: to.toISOString(),
              },
            },
          );
        }
      });
    } catch (error) {
      this.logger.warn(`Could not write ${tallies.length} redaction audit entr(ies): ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
