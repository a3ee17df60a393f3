import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { findModelPrice, JsonValue, ModelPrice, ProviderKind } from '@promptops/shared';
import { EntityManager, In, QueryFailedError, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../common/auth/authenticated-user';
import { cacheKeys, ServingCache } from '../cluster/serving-cache';
import { SecretBox } from '../common/crypto/secret-box';
import { ValidationFailedError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { TransactionService } from '../database/transaction.service';
import { GatewayService } from '../gateway/gateway.service';
import { ProviderConnection } from '../gateway/gateway.types';
import { CreateProviderDto } from './dto/create-provider.dto';
import { RunIssueDto, RunReadinessDto } from './dto/run-issue.dto';
import { ProviderListResponseDto, ProviderResponseDto, ProviderTestResponseDto } from './dto/provider-response.dto';
import { TestProviderDto } from './dto/test-provider.dto';
import { UpdateProviderDto } from './dto/update-provider.dto';
import { Provider, ProviderModel } from './provider.entity';
import {
  ModelNotAllowedError,
  ProviderAlreadyExistsError,
  ProviderDisabledError,
  ProviderNotFoundError,
  UnknownProviderError,
} from './providers.errors';
import { ProviderChangedEvent } from './providers.events';

/** A provider and model ready to call, with the price a run is charged at (null when unknown). */
export interface ResolvedModel {
  connection: ProviderConnection;
  model: string;
  price: ModelPrice | null;
}

/** Models a provider bootstrapped from the environment starts with; edit them on the provider. */
type NewProvider = Omit<CreateProviderDto, 'baseUrl'> & { baseUrl: string | null };

/** What runs need of a provider, cached: the row (enabled, models, prices) and its decrypted connection. */
interface CallableProvider {
  provider: Provider;
  connection: ProviderConnection;
}

const PROVIDER_TTL_MS = 30_000;

const DEFAULT_MODELS: Record<'openai' | 'anthropic' | 'google', string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'o3-mini'],
  anthropic: ['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022', 'claude-opus-4-20250514'],
  google: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.0-flash'],
};

@Injectable()
export class ProvidersService {
  private readonly logger = new Logger(ProvidersService.name);
  /** API keys at rest: AES-256-GCM under a key derived from APP_SECRET for this purpose only. */
  private readonly keys: SecretBox;

  constructor(
    @InjectRepository(Provider) private readonly providers: Repository<Provider>,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
    private readonly gateway: GatewayService,
    private readonly cache: ServingCache,
    private readonly events: EventEmitter2,
  ) {
    this.keys = new SecretBox(config.appSecret, 'provider-keys');
  }

  async listProviders(): Promise<ProviderListResponseDto> {
    const rows = await this.providers.find({ order: { name: 'ASC' } });
    return { items: rows.map((p) => this.toResponse(p)), total: rows.length };
  }

  async getProvider(name: string): Promise<ProviderResponseDto> {
    return this.toResponse(await this.find(name));
  }

  async createProvider(body: CreateProviderDto, actor: Actor): Promise<ProviderResponseDto> {
    const baseUrl = normalizeBaseUrl(body.baseUrl);
    assertUsable(body.kind, baseUrl, Boolean(body.apiKey));
    try {
      await this.transactions.run(async (manager) => {
        if (await manager.existsBy(Provider, { name: body.name })) throw new ProviderAlreadyExistsError(body.name);
        await this.insert(manager, { ...body, baseUrl }, actor, 'provider.create');
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new ProviderAlreadyExistsError(body.name);
      throw error;
    }
    await this.changed(body.name, 'provider.create');
    return this.getProvider(body.name);
  }

  async updateProvider(name: string, body: UpdateProviderDto, actor: Actor): Promise<ProviderResponseDto> {
    await this.transactions.run(async (manager) => {
      const provider = await this.find(name, manager);
      const before = auditView(provider);
      if (body.kind !== undefined) provider.kind = body.kind;
      if (body.baseUrl !== undefined) provider.baseUrl = normalizeBaseUrl(body.baseUrl ?? undefined);
      if (body.apiKey !== undefined) this.setApiKey(provider, body.apiKey);
      if (body.models !== undefined) provider.models = normalizeModels(body.models);
      if (body.enabled !== undefined) provider.enabled = body.enabled;
      assertUsable(provider.kind, provider.baseUrl, provider.apiKeyEncrypted !== null);
      provider.updatedAt = new Date();
      await manager.save(provider);
      await this.audit.record(manager, actor, {
        action: 'provider.update',
        targetType: 'provider',
        targetId: name,
        summary: { before, after: auditView(provider), ...(body.apiKey !== undefined ? { apiKeyChanged: true } : {}) },
      });
    });
    await this.changed(name, 'provider.update');
    return this.getProvider(name);
  }

  /** Past runs keep the provider's name; versions that name it fail to run until it is re-created. */
  async deleteProvider(name: string, actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      const provider = await this.find(name, manager);
      await manager.delete(Provider, { id: provider.id });
      await this.audit.record(manager, actor, {
        action: 'provider.delete',
        targetType: 'provider',
        targetId: name,
        summary: { before: auditView(provider) },
      });
    });
    await this.changed(name, 'provider.delete');
  }

  /**
   * Inserts a provider without an API key inside the caller's transaction (an import: keys never
   * travel), even of a kind that needs one: it is there to be given a key, and says so.
   */
  async insertKeyless(
    manager: EntityManager,
    body: { name: string; kind: ProviderKind; baseUrl?: string | null; models: ProviderModel[] },
    actor: Actor,
  ): Promise<void> {
    if (await manager.existsBy(Provider, { name: body.name })) throw new ProviderAlreadyExistsError(body.name);
    await this.insert(
      manager,
      { name: body.name, kind: body.kind, baseUrl: normalizeBaseUrl(body.baseUrl ?? undefined), models: body.models },
      actor,
      'provider.create',
    );
  }

  /** What a committed provider creation tells the caches, for callers that created it in their own transaction. */
  announceCreated(name: string): Promise<void> {
    return this.changed(name, 'provider.create');
  }

  /** Whether a provider here lacks the API key its kind needs to call models (absent: null). */
  async needsApiKey(name: string, manager?: EntityManager): Promise<boolean | null> {
    const provider = await (manager ? manager.getRepository(Provider) : this.providers).findOneBy({ name });
    if (!provider) return null;
    return kindNeedsKey(provider.kind, provider.baseUrl) && provider.apiKeyEncrypted === null;
  }

  /** Called once the change has committed, so that runs stop using the provider as it was. */
  private async changed(name: string, action: ProviderChangedEvent['action']): Promise<void> {
    await this.events.emitAsync(ProviderChangedEvent.NAME, new ProviderChangedEvent(name, action));
  }

  /**
   * Checks that the provider answers with these credentials: a one-token completion of the
   * chosen (or first) model, or, for a provider without models, its model list.
   */
  async testProvider(name: string, body: TestProviderDto, signal?: AbortSignal): Promise<ProviderTestResponseDto> {
    const provider = await this.find(name);
    const connection = this.connectionOf(provider);
    const model = body.model ?? provider.models[0]?.id;
    const started = Date.now();
    if (!model) {
      const models = await this.gateway.listModels(connection, signal);
      return { ok: true, model: null, models, latencyMs: Date.now() - started };
    }
    const result = await this.gateway.complete({
      connection,
      model,
      messages: [{ role: 'user', content: 'Reply with OK.' }],
      maxTokens: 1,
      signal,
    });
    return { ok: true, model, models: null, latencyMs: result.latencyMs };
  }

  /**
   * The provider and model a run names, checked: it exists, is enabled and offers the model.
   * Read from memory on the serving paths; every change invalidates it on every replica.
   */
  async resolve(name: string, model: string): Promise<ResolvedModel> {
    const { provider, connection } = await this.callable(name);
    if (!provider.enabled) throw new ProviderDisabledError(name);
    const allowed = provider.models.map((m) => m.id);
    if (allowed.length > 0 && !allowed.includes(model)) throw new ModelNotAllowedError(name, model, allowed);
    return { connection, model, price: priceOf(provider, model) };
  }

  /**
   * Whether model settings can run as they stand, checked when versions are shown and deployed;
   * runs enforce the same through `resolve`.
   */
  async checkModelConfig(modelConfig: { provider?: string; model?: string }): Promise<RunReadinessDto> {
    const name = modelConfig.provider;
    return readinessOf(modelConfig, name ? await this.providers.findOneBy({ name }) : null);
  }

  /** The same for many model settings (a version list), reading each named provider once. */
  async checkModelConfigs(modelConfigs: { provider?: string; model?: string }[]): Promise<RunReadinessDto[]> {
    const names = [...new Set(modelConfigs.map((c) => c.provider).filter((name): name is string => !!name))];
    const found = names.length ? await this.providers.findBy({ name: In(names) }) : [];
    const byName = new Map(found.map((p) => [p.name, p]));
    return modelConfigs.map((c) => readinessOf(c, (c.provider && byName.get(c.provider)) || null));
  }

  /**
   * Model settings about to be saved on a version: naming a provider that does not exist is
   * refused (a typo would only surface when the version runs); a disabled one is allowed.
   */
  async assertModelConfigSavable(modelConfig: { provider?: string } | undefined): Promise<void> {
    const name = modelConfig?.provider;
    if (name && !(await this.providers.existsBy({ name }))) {
      throw new ValidationFailedError([
        {
          field: 'modelConfig.provider',
          message: `no provider named "${name}"; add it under Providers first, or choose one of the existing providers`,
        },
      ]);
    }
  }

  private callable(name: string): Promise<CallableProvider> {
    return this.cache.read(
      cacheKeys.provider(name),
      PROVIDER_TTL_MS,
      async () => {
        const provider = await this.providers.findOneBy({ name });
        if (!provider) throw new UnknownProviderError(name);
        // One connection object per cached provider, so the gateway can keep its SDK models.
        return { provider, connection: Object.freeze(this.connectionOf(provider)) };
      },
      `provider "${name}"`,
    );
  }

  /** The price of a model on a provider, for estimates; null when neither knows it. */
  async findPrice(name: string | undefined, model: string): Promise<ModelPrice | null> {
    const provider = name ? await this.providers.findOneBy({ name }) : null;
    if (name && !provider) throw new UnknownProviderError(name);
    return provider ? priceOf(provider, model) : (findModelPrice(model) ?? null);
  }

  /** Creates the providers the environment describes (OPENAI_API_KEY…) unless one of that name exists. */
  async ensureDefaults(defaults: AppConfig['providerDefaults']): Promise<void> {
    const wanted: CreateProviderDto[] = [];
    if (defaults.openai) {
      wanted.push({
        name: 'openai',
        kind: 'openai',
        baseUrl: defaults.openai.baseUrl,
        apiKey: defaults.openai.apiKey,
        models: DEFAULT_MODELS.openai.map((id) => ({ id })),
      });
    }
    if (defaults.anthropic) {
      wanted.push({
        name: 'anthropic',
        kind: 'anthropic',
        apiKey: defaults.anthropic.apiKey,
        models: DEFAULT_MODELS.anthropic.map((id) => ({ id })),
      });
    }
    if (defaults.google) {
      wanted.push({
        name: 'google',
        kind: 'google',
        apiKey: defaults.google.apiKey,
        models: DEFAULT_MODELS.google.map((id) => ({ id })),
      });
    }
    if (defaults.ollama) wanted.push({ name: 'ollama', kind: 'ollama', baseUrl: defaults.ollama.baseUrl, models: [] });

    const system: Actor = { user: null, ip: null };
    for (const body of wanted) {
      try {
        const created = await this.transactions.run(async (manager) => {
          if (await manager.existsBy(Provider, { name: body.name })) return false;
          await this.insert(
            manager,
            { ...body, baseUrl: normalizeBaseUrl(body.baseUrl) },
            system,
            'provider.bootstrap',
          );
          return true;
        });
        if (created) this.logger.log(`Added provider "${body.name}" from the environment`);
      } catch (error) {
        // Another replica starting at the same moment created it first.
        if (!isUniqueViolation(error)) throw error;
      }
    }
  }

  private async insert(manager: EntityManager, body: NewProvider, actor: Actor, action: string): Promise<void> {
    const now = new Date();
    const provider = manager.create(Provider, {
      name: body.name,
      kind: body.kind,
      baseUrl: body.baseUrl,
      apiKeyEncrypted: null,
      apiKeyLast4: null,
      models: normalizeModels(body.models ?? []),
      enabled: body.enabled ?? true,
      createdAt: now,
      updatedAt: now,
    });
    this.setApiKey(provider, body.apiKey ?? null);
    await manager.save(provider);
    await this.audit.record(manager, actor, {
      action,
      targetType: 'provider',
      targetId: provider.name,
      summary: { after: auditView(provider) },
    });
  }

  private setApiKey(provider: Provider, apiKey: string | null): void {
    const key = apiKey?.trim() || null;
    provider.apiKeyEncrypted = key ? this.keys.encrypt(key) : null;
    provider.apiKeyLast4 = key ? key.slice(-4) : null;
  }

  private connectionOf(provider: Provider): ProviderConnection {
    return {
      name: provider.name,
      kind: provider.kind,
      baseUrl: provider.baseUrl,
      apiKey: provider.apiKeyEncrypted ? this.keys.decrypt(provider.apiKeyEncrypted) : null,
    };
  }

  private async find(name: string, manager?: EntityManager): Promise<Provider> {
    const repo = manager ? manager.getRepository(Provider) : this.providers;
    const provider = await repo.findOneBy({ name });
    if (!provider) throw new ProviderNotFoundError(name);
    return provider;
  }

  private toResponse(provider: Provider): ProviderResponseDto {
    return {
      name: provider.name,
      kind: provider.kind,
      baseUrl: provider.baseUrl,
      apiKeyLast4: provider.apiKeyLast4,
      models: provider.models,
      enabled: provider.enabled,
      createdAt: provider.createdAt,
      updatedAt: provider.updatedAt,
    };
  }
}

/**
 * The provider's own price for a model wins over the built-in table; models served by Ollama
 * run on the operator's hardware and cost nothing unless a price is set.
 */
function priceOf(provider: Provider, model: string): ModelPrice | null {
  const own = provider.models.find((m) => m.id === model);
  const listed = provider.kind === 'ollama' ? { inputPerMTok: 0, outputPerMTok: 0 } : findModelPrice(model);
  const inputPerMTok = own?.inputPricePerMTok ?? listed?.inputPerMTok;
  const outputPerMTok = own?.outputPricePerMTok ?? listed?.outputPerMTok;
  return inputPerMTok === undefined || outputPerMTok === undefined ? null : { inputPerMTok, outputPerMTok };
}

/** A provider must be reachable and, for the hosted vendors, have a key. */
function assertUsable(kind: ProviderKind, baseUrl: string | null | undefined, hasKey: boolean): void {
  if (kind === 'openai-compatible' && !baseUrl) {
    throw new ValidationFailedError([{ field: 'baseUrl', message: 'an openai-compatible provider needs a baseUrl' }]);
  }
  if (kindNeedsKey(kind, baseUrl) && !hasKey) {
    throw new ValidationFailedError([{ field: 'apiKey', message: `a ${kind} provider needs an apiKey` }]);
  }
}

/** Vendor APIs need a key; a local or compatible server (a baseUrl of its own) may not. */
function kindNeedsKey(kind: ProviderKind, baseUrl: string | null | undefined): boolean {
  return kind === 'anthropic' || kind === 'google' || (kind === 'openai' && !baseUrl);
}

function normalizeBaseUrl(url: string | undefined): string | null {
  return url ? url.trim().replace(/\/+$/, '') : null;
}

/** One entry per model id, prices only when given. */
function normalizeModels(models: ProviderModel[]): ProviderModel[] {
  const seen = new Set<string>();
  const result: ProviderModel[] = [];
  for (const m of models) {
    const id = m.id.trim();
    if (!id || seen.has(id)) continue;
    seen.add(id);
    result.push({
      id,
      ...(m.inputPricePerMTok !== undefined ? { inputPricePerMTok: m.inputPricePerMTok } : {}),
      ...(m.outputPricePerMTok !== undefined ? { outputPricePerMTok: m.outputPricePerMTok } : {}),
    });
  }
  return result;
}

/** What the audit log keeps of a provider: never the key, only whether there is one. */
function auditView(provider: Provider): { [key: string]: JsonValue } {
  return {
    kind: provider.kind,
    baseUrl: provider.baseUrl,
    apiKeyLast4: provider.apiKeyLast4,
    models: provider.models.map((m) => ({
      id: m.id,
      inputPricePerMTok: m.inputPricePerMTok ?? null,
      outputPricePerMTok: m.outputPricePerMTok ?? null,
    })),
    enabled: provider.enabled,
  };
}

function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string }).code;
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The one rule for whether model settings can run: a provider and a model are named, the
 * provider exists and is enabled, and offers the model when it lists its models.
 */
function readinessOf(modelConfig: { provider?: string; model?: string }, provider: Provider | null): RunReadinessDto {
  const { provider: name, model } = modelConfig;
  const issues: RunIssueDto[] = [];
  if (!name || !model) {
    issues.push({
      code: 'NO_MODEL',
      message:
        'No model is set: set modelConfig.provider and modelConfig.model to run this version (rendering works without)',
    });
  }
  if (name && !provider) {
    issues.push({
      code: 'UNKNOWN_PROVIDER',
      message: `Provider "${name}" does not exist; add it under Providers or choose another`,
    });
  } else if (provider && !provider.enabled) {
    issues.push({
      code: 'PROVIDER_DISABLED',
      message: `Provider "${name}" is disabled; enable it under Providers to run this version`,
    });
  }
  const offered = provider?.models.map((m) => m.id) ?? [];
  if (provider && model && offered.length > 0 && !offered.includes(model)) {
    issues.push({
      code: 'MODEL_NOT_OFFERED',
      message: `Provider "${name}" does not offer model "${model}"; choose one of ${offered.join(', ')} or add it to the provider`,
    });
  }
  return { runnable: issues.length === 0, runIssues: issues };
}
