import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { JobsService } from '../jobs/jobs.service';
import { Measurement } from './alert-messages';
import { AlertRule } from './alert-rule.entity';
import { AlertsService } from './alerts.service';

export const ALERT_CHECKS_QUEUE = 'alert-checks';

/**
 * Evaluates the enabled alert rules every ALERTS_INTERVAL_MS, once per period across replicas
 * (a timer job), straight from the run log: each rule's value over its window, then its state.
 * A rule posts when it starts firing and when it stops, never in between; the move of its state
 * is a conditional UPDATE, so even two checks at once post a transition only once.
 */
@Injectable()
export class AlertChecks implements OnModuleInit {
  private readonly logger = new Logger(AlertChecks.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(AlertRule) private readonly rules: Repository<AlertRule>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobsService,
    private readonly alerts: AlertsService,
  ) {}

  onModuleInit(): void {
    this.jobs.register(ALERT_CHECKS_QUEUE, () => this.checkAll(), {
      everyMs: this.config.alerts.intervalMs,
      // A period's check that failed is not worth repeating: the next period checks afresh.
      attempts: 1,
    });
  }

  /** Checks every enabled rule against the runs of its window ending `now`. */
  async checkAll(now = new Date()): Promise<void> {
    const rules = await this.rules.find({ where: { enabled: true }, order: { id: 'ASC' } });
    for (const rule of rules) {
      try {
        await this.check(rule, now);
      } catch (error) {
        this.logger.error(`Checking alert rule ${rule.id} failed`, (error as Error).stack);
      }
    }
  }

  private async check(rule: AlertRule, now: Date): Promise<void> {
    const measured = await this.measure(rule, now);
    const firing =
      measured.value !== null &&
      (rule.comparator === '>' ? measured.value > rule.threshold : measured.value < rule.threshold);
    const next = firing ? 'firing' : 'ok';
    const moved = await this.dataSource
      .createQueryBuilder()
      .update(AlertRule)
      .set({
        state: next,
        lastValue: measured.value,
        lastEvaluatedAt: now,
        ...(next !== rule.state ? { stateChangedAt: now } : {}),
      })
      .where('id = :id AND state = :state', { id: rule.id, state: rule.state })
      .execute();
    // Another check moved the rule first (or it was edited meanwhile): that one posts.
    if (!moved.affected || next === rule.state) return;
    await this.alerts.notifyTransition(rule, firing ? 'fired' : 'resolved', measured, now);
  }

  /** The rule's metric over its window; null when there were too few calls to judge. */
  async measure(rule: AlertRule, now: Date): Promise<Measurement> {
    const since = new Date(now.getTime() - rule.windowMinutes * 60_000);
    const runs = () => {
      const qb = this.dataSource
        .createQueryBuilder()
        .from('runs', 'r')
        .where('r.prompt_name = :prompt', { prompt: rule.promptName })
        .andWhere('r.created_at >= :since', { since })
        .andWhere('r.created_at <= :now', { now });
      if (rule.environment) qb.andWhere('r.environment = :environment', { environment: rule.environment });
      return qb;
    };
    const totals = (await runs()
      .select('COUNT(*)', 'requests')
      .addSelect("SUM(CASE WHEN r.status = 'error' THEN 1 ELSE 0 END)", 'errors')
      .addSelect('SUM(r.cost_usd)', 'cost')
      .addSelect('COUNT(r.latency_ms)', 'timed')
      .getRawOne()) as { requests: unknown; errors: unknown; cost: unknown; timed: unknown };
    const requests = Number(totals.requests ?? 0);
    const quiet = requests < rule.minRequests;
    switch (rule.metric) {
      case 'requests':
        return { value: requests, requests };
      case 'cost_per_hour_usd':
        return { value: (Number(totals.cost ?? 0) * 60) / rule.windowMinutes, requests };
      case 'error_rate':
        return { value: quiet ? null : (100 * Number(totals.errors ?? 0)) / requests, requests };
      case 'p95_latency_ms': {
        const timed = Number(totals.timed ?? 0);
        if (quiet || timed === 0) return { value: null, requests };
        // Nearest rank: the smallest latency with at least 95 % of the calls at or below it.
        const rank = Math.ceil(0.95 * timed);
        const row = (await runs()
          .select('r.latency_ms', 'latency')
          .andWhere('r.latency_ms IS NOT NULL')
          .orderBy('r.latency_ms', 'ASC')
          .offset(rank - 1)
          .limit(1)
          .getRawOne()) as { latency: unknown } | undefined;
        return { value: row ? Number(row.latency) : null, requests };
      }
    }
  }
}
