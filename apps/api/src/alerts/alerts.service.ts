import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { SecretBox } from '../common/crypto/secret-box';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { PromptLocator } from '../prompts/prompt-locator.service';
import { RolloutGuardrailTrippedEvent } from '../rollouts/rollouts.events';
import { AlertEvent } from './alert-event.entity';
import { guardrailMessage, guardrailPayload, Measurement, ruleMessage, rulePayload } from './alert-messages';
import { AlertRule } from './alert-rule.entity';
import { AlertDelivery, AlertPayload, AlertWebhook, maskWebhookUrl } from './alert-webhook';
import { AlertRuleNotFoundError } from './alerts.errors';
import {
  AlertDeliveryResponseDto,
  AlertEventListResponseDto,
  AlertEventResponseDto,
  ListAlertEventsQueryDto,
} from './dto/alert-event.dto';
import {
  AlertRuleListResponseDto,
  AlertRuleResponseDto,
  CreateAlertRuleDto,
  UpdateAlertRuleDto,
} from './dto/alert-rule.dto';

/**
 * Alert rules (CRUD, audited; webhook URLs encrypted like provider keys), their history, and
 * the posts themselves: rule transitions found by AlertChecks, test posts, and rollout
 * guardrails, which go to the webhooks of the prompt's enabled rules.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);
  private readonly urls: SecretBox;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @InjectRepository(AlertRule) private readonly rules: Repository<AlertRule>,
    @InjectRepository(AlertEvent) private readonly events: Repository<AlertEvent>,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly prompts: PromptLocator,
    private readonly webhook: AlertWebhook,
  ) {
    this.urls = new SecretBox(config.appSecret, 'alert-webhooks');
  }

  async listRules(prompt?: string): Promise<AlertRuleListResponseDto> {
    const rows = await this.rules.find({ where: prompt ? { promptName: prompt } : {}, order: { id: 'ASC' } });
    return { items: rows.map(toRuleResponse), total: rows.length };
  }

  async getRule(id: number): Promise<AlertRuleResponseDto> {
    return toRuleResponse(await this.find(id));
  }

  async createRule(body: CreateAlertRuleDto, actor: Actor): Promise<AlertRuleResponseDto> {
    await this.prompts.find(body.prompt);
    const now = new Date();
    const rule = await this.transactions.run(async (manager) => {
      const created = await manager.save(
        manager.create(AlertRule, {
          name: body.name,
          promptName: body.prompt,
          environment: body.environment ?? '',
          metric: body.metric,
          comparator: body.comparator ?? '>',
          threshold: body.threshold,
          windowMinutes: body.windowMinutes ?? 5,
          minRequests: body.minRequests ?? 10,
          webhookUrlEncrypted: this.urls.encrypt(body.webhookUrl),
          webhookUrlHint: maskWebhookUrl(body.webhookUrl),
          enabled: body.enabled ?? true,
          state: 'ok',
          lastValue: null,
          lastEvaluatedAt: null,
          stateChangedAt: null,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.audit.record(manager, actor, {
        action: 'alert_rule.create',
        targetType: 'alert_rule',
        targetId: created.id,
        summary: { after: auditView(created) },
      });
      return created;
    });
    return toRuleResponse(rule);
  }

  async updateRule(id: number, body: UpdateAlertRuleDto, actor: Actor): Promise<AlertRuleResponseDto> {
    if (body.prompt !== undefined) await this.prompts.find(body.prompt);
    const rule = await this.transactions.run(async (manager) => {
      const rule = await this.find(id, manager.getRepository(AlertRule));
      const before = auditView(rule);
      if (body.name !== undefined) rule.name = body.name;
      if (body.prompt !== undefined) rule.promptName = body.prompt;
      if (body.environment !== undefined) rule.environment = body.environment;
      if (body.metric !== undefined) rule.metric = body.metric;
      if (body.comparator !== undefined) rule.comparator = body.comparator;
      if (body.threshold !== undefined) rule.threshold = body.threshold;
      if (body.windowMinutes !== undefined) rule.windowMinutes = body.windowMinutes;
      if (body.minRequests !== undefined) rule.minRequests = body.minRequests;
      if (body.enabled !== undefined) rule.enabled = body.enabled;
      // A rule that stops watching, or starts watching something else, is not firing any more.
      const watched = `${rule.promptName}\u0001${rule.environment}\u0001${rule.metric}`;
      if (!rule.enabled || watched !== `${before.prompt}\u0001${before.environment}\u0001${before.metric}`) {
        if (rule.state !== 'ok') rule.stateChangedAt = new Date();
        rule.state = 'ok';
        rule.lastValue = null;
      }
      if (body.webhookUrl !== undefined) {
        rule.webhookUrlEncrypted = this.urls.encrypt(body.webhookUrl);
        rule.webhookUrlHint = maskWebhookUrl(body.webhookUrl);
      }
      rule.updatedAt = new Date();
      await manager.save(rule);
      await this.audit.record(manager, actor, {
        action: 'alert_rule.update',
        targetType: 'alert_rule',
        targetId: id,
        summary: {
          before,
          after: auditView(rule),
          ...(body.webhookUrl !== undefined ? { webhookUrlChanged: true } : {}),
        },
      });
      return rule;
    });
    return toRuleResponse(rule);
  }

  /** The rule goes; its history stays. */
  async deleteRule(id: number, actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const rule = await this.find(id, manager.getRepository(AlertRule));
      await manager.delete(AlertRule, { id });
      await this.audit.record(manager, actor, {
        action: 'alert_rule.delete',
        targetType: 'alert_rule',
        targetId: id,
        summary: { before: auditView(rule) },
      });
    });
  }

  /** Posts a test message to the rule's webhook, keeps it in the history and answers how it went. */
  async testRule(id: number, actor: Actor): Promise<AlertDeliveryResponseDto> {
    const rule = await this.find(id);
    const measured: Measurement = { value: rule.lastValue, requests: 0 };
    const message = ruleMessage('test', rule, measured);
    const now = new Date();
    const delivery = await this.deliver(
      rule,
      'test',
      measured,
      message,
      rulePayload('test', rule, measured, message, now),
    );
    await this.transactions.run((manager) =>
      this.audit.record(manager, actor, {
        action: 'alert_rule.test',
        targetType: 'alert_rule',
        targetId: id,
        summary: { deliveryStatus: delivery.deliveryStatus, httpStatus: delivery.httpStatus },
      }),
    );
    return delivery;
  }

  async listEvents(query: ListAlertEventsQueryDto): Promise<AlertEventListResponseDto> {
    const where = {
      ...(query.prompt ? { promptName: query.prompt } : {}),
      ...(query.ruleId ? { ruleId: query.ruleId } : {}),
    };
    const [rows, total] = await this.events.findAndCount({
      where,
      order: { id: 'DESC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toEventResponse), total, page: query.page, pageSize: query.pageSize };
  }

  /** A rule started (`fired`) or stopped (`resolved`) firing: post it and keep it in the history. */
  notifyTransition(
    rule: AlertRule,
    kind: 'fired' | 'resolved',
    measured: Measurement,
    at: Date,
  ): Promise<AlertDelivery> {
    const message = ruleMessage(kind, rule, measured);
    return this.deliver(rule, kind, measured, message, rulePayload(kind, rule, measured, message, at));
  }

  /**
   * A rollout guardrail paused or rolled back a candidate: every enabled rule of the prompt (in
   * that environment, or watching all) gets the post. Without any, the history still shows it.
   */
  @OnEvent(RolloutGuardrailTrippedEvent.NAME, { async: true, promisify: true })
  async onGuardrailTripped(event: RolloutGuardrailTrippedEvent): Promise<void> {
    // The rollout has already been paused: a failure to tell anyone must not fail its job.
    await this.postGuardrail(event).catch((error: Error) =>
      this.logger.error(`Could not post the guardrail of rollout ${event.rolloutId}`, error.stack),
    );
  }

  private async postGuardrail(event: RolloutGuardrailTrippedEvent): Promise<void> {
    const rules = await this.rules.find({ where: { promptName: event.prompt, enabled: true }, order: { id: 'ASC' } });
    const matching = rules.filter((r) => r.environment === '' || r.environment === event.environment);
    const message = guardrailMessage(event);
    const payload = guardrailPayload(event, message, new Date());
    if (matching.length === 0) {
      await this.record(null, event.prompt, event.environment, 'guardrail', event.metric, null, null, message, {
        deliveryStatus: 'none',
        httpStatus: null,
        deliveryError: null,
      });
      return;
    }
    await Promise.all(
      matching.map(async (rule) => {
        const delivery = await this.webhook.post(this.urls.decrypt(rule.webhookUrlEncrypted), payload);
        await this.record(
          rule.id,
          event.prompt,
          event.environment,
          'guardrail',
          event.metric,
          null,
          null,
          message,
          delivery,
        );
      }),
    );
  }

  private async deliver(
    rule: AlertRule,
    kind: 'fired' | 'resolved' | 'test',
    measured: Measurement,
    message: string,
    payload: AlertPayload,
  ): Promise<AlertDelivery> {
    const delivery = await this.webhook.post(this.urls.decrypt(rule.webhookUrlEncrypted), payload);
    await this.record(
      rule.id,
      rule.promptName,
      rule.environment,
      kind,
      rule.metric,
      measured.value,
      rule.threshold,
      message,
      delivery,
    );
    return delivery;
  }

  private async record(
    ruleId: number | null,
    promptName: string,
    environment: string,
    kind: AlertEvent['kind'],
    metric: string | null,
    value: number | null,
    threshold: number | null,
    message: string,
    delivery: AlertDelivery,
  ): Promise<void> {
    await this.events.insert({
      ruleId,
      kind,
      promptName,
      environment,
      metric,
      value,
      threshold,
      message,
      deliveryStatus: delivery.deliveryStatus,
      httpStatus: delivery.httpStatus,
      deliveryError: delivery.deliveryError?.slice(0, 500) ?? null,
      createdAt: new Date(),
    });
  }

  private async find(id: number, repository = this.rules): Promise<AlertRule> {
    const rule = await repository.findOneBy({ id });
    if (!rule) throw new AlertRuleNotFoundError(id);
    return rule;
  }
}

function toRuleResponse(rule: AlertRule): AlertRuleResponseDto {
  return {
    id: rule.id,
    name: rule.name,
    prompt: rule.promptName,
    environment: rule.environment,
    metric: rule.metric,
    comparator: rule.comparator,
    threshold: rule.threshold,
    windowMinutes: rule.windowMinutes,
    minRequests: rule.minRequests,
    webhookUrlMasked: rule.webhookUrlHint,
    enabled: rule.enabled,
    state: rule.state,
    lastValue: rule.lastValue,
    lastEvaluatedAt: rule.lastEvaluatedAt,
    stateChangedAt: rule.stateChangedAt,
    createdAt: rule.createdAt,
    updatedAt: rule.updatedAt,
  };
}

function toEventResponse(event: AlertEvent): AlertEventResponseDto {
  return {
    id: event.id,
    ruleId: event.ruleId,
    kind: event.kind,
    prompt: event.promptName,
    environment: event.environment,
    metric: event.metric,
    value: event.value,
    threshold: event.threshold,
    message: event.message,
    deliveryStatus: event.deliveryStatus,
    httpStatus: event.httpStatus,
    deliveryError: event.deliveryError,
    createdAt: event.createdAt,
  };
}

/** What the audit log keeps of a rule: everything but the webhook URL (only its mask). */
function auditView(rule: AlertRule) {
  return {
    name: rule.name,
    prompt: rule.promptName,
    environment: rule.environment,
    metric: rule.metric,
    comparator: rule.comparator,
    threshold: rule.threshold,
    windowMinutes: rule.windowMinutes,
    minRequests: rule.minRequests,
    webhookUrl: rule.webhookUrlHint,
    enabled: rule.enabled,
  };
}
