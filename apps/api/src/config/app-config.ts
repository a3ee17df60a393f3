import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

/** `false`, a hop count, or proxy addresses / CIDR ranges (or proxy-addr's loopback, linklocal, uniquelocal). */
const TRUST_PROXY_FORMAT =
  /^(false|\d{1,2}|(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*)$/;

/**
 * The environment PromptOps reads, validated once at boot. This is the only place that reads
 * `process.env`: everything else receives an `AppConfig`.
 */
class EnvironmentDto {
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^(sqlite:.+|mysql:\/\/.+|mariadb:\/\/.+)$/, {
    message: 'DATABASE_URL must be sqlite:<file>, sqlite::memory: or mysql://user:pass@host:3306/db',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'APP_SECRET must be at least 32 characters' })
  APP_SECRET?: string;

  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'DEMO_DATA must be true or false' })
  DEMO_DATA?: string;

  @IsOptional()
  @IsString()
  JWT_TTL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(2)
  @Max(1000)
  JSON_MAX_DEPTH?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  @Max(3600000)
  REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  @Max(3600000)
  HEADERS_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(10)
  @Max(60000)
  TEMPLATE_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1024)
  TEMPLATE_MAX_OUTPUT_BYTES?: number;

  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+[^/]$/, { message: 'PUBLIC_URL must be an http(s) URL without a trailing slash' })
  PUBLIC_URL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  WEBHOOK_RATE_LIMIT_PER_MINUTE?: number;

  @IsOptional()
  @Matches(TRUST_PROXY_FORMAT, {
    message:
      'TRUST_PROXY must be false, a number of proxy hops (e.g. 1) or a comma-separated list of proxy addresses or CIDR ranges (e.g. 10.0.0.0/8,127.0.0.1)',
  })
  TRUST_PROXY?: string;

  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'OPENAI_BASE_URL must be an http(s) URL' })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  ANTHROPIC_API_KEY?: string;

  @IsOptional()
  @IsString()
  GEMINI_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'OLLAMA_BASE_URL must be an http(s) URL, e.g. http://127.0.0.1:11434' })
  OLLAMA_BASE_URL?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(10)
  @Max(3600000)
  GATEWAY_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(['direct', 'sdk'], { message: 'GATEWAY_CLIENT must be direct or sdk' })
  GATEWAY_CLIENT?: 'direct' | 'sdk';

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(600000)
  SHUTDOWN_GRACE_MS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'JOBS_IN_API must be true or false' })
  JOBS_IN_API?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'JOBS_PREFIX must be 1 to 64 letters, digits, _ . : or -' })
  JOBS_PREFIX?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(3600000)
  JOBS_LOCK_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(3600000)
  JOBS_BACKOFF_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  EVAL_CONCURRENCY?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1000)
  EVAL_PROVIDER_CONCURRENCY?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(100)
  @Max(86_400_000)
  GUARDRAIL_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(3600000)
  METRICS_ROLLUP_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(60000)
  @Max(86400000)
  METRICS_ROLLUP_REWIND_MS?: number;

  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(0)
  @Max(65535)
  METRICS_PORT?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(90)
  METRICS_MINUTE_RETENTION_DAYS?: number;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  METRICS_MAX_SERIES?: number;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, {
    message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL, e.g. http://collector:4318',
  })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s) URL' })
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  @IsOptional()
  @IsIn(['http/json'], {
    message: 'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (PromptOps exports OTLP over HTTP with JSON bodies)',
  })
  OTEL_EXPORTER_OTLP_PROTOCOL?: string;

  @IsOptional()
  @IsString()
  OTEL_EXPORTER_OTLP_HEADERS?: string;

  @IsOptional()
  @IsString()
  OTEL_SERVICE_NAME?: string;

  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  ALERTS_INTERVAL_MS?: number;
}

/** `api` serves HTTP (`node main.js`); `worker` only works job queues (`node main.js worker`). */
export type ProcessRole = 'api' | 'worker';

export type DatabaseConfig = { type: 'sqlite'; database: string } | { type: 'mysql'; url: string };

export interface AppConfig {
  role: ProcessRole;
  port: number;
  database: DatabaseConfig;
  /** True when PromptOps runs on its own SQLite file: migrations and demo data at start-up. */
  embedded: boolean;
  redisUrl?: string;
  /** Where users reach this server; used in webhook URLs. */
  publicUrl: string;
  webhookRateLimitPerMinute: number;
  /**
   * Which peers' X-Forwarded-For to believe for a client's address (sign-in throttling, audit
   * log): none (false), the nearest N hops, or these proxy addresses.
   */
  trustProxy: false | number | string[];
  appSecret: string;
  admin: { email: string; password?: string };
  demoData: boolean;
  jwtTtl: string;
  bodyLimitBytes: number;
  /** How deep objects and arrays may nest in a JSON body. */
  jsonMaxDepth: number;
  http: {
    /** How long a client may take to send a whole request (headers and body). */
    requestTimeoutMs: number;
    /** How long a client may take to send a request's headers. */
    headersTimeoutMs: number;
  };
  logLevel: string;
  webDistDir: string;
  templates: {
    /** CPU budget of one render. */
    timeoutMs: number;
    maxOutputBytes: number;
    /** How long a render may run on the event loop before it is moved to a worker thread. */
    inlineBudgetMs: number;
  };
  gateway: {
    /** How long a model call may wait for an answer (in a stream: for each next token). */
    timeoutMs: number;
    /**
     * How OpenAI-compatible providers (and Ollama) are called: `direct` speaks Chat Completions
     * over the gateway's kept-alive pools; `sdk` goes through the AI SDK's provider like the others.
     */
    client: 'direct' | 'sdk';
  };
  /** How long a shutdown waits for model calls under way before it aborts and logs them. */
  shutdownGraceMs: number;
  jobs: {
    /** Where queued jobs live: Redis (BullMQ, shared by every process) when REDIS_URL is set, else this process's memory. */
    mode: 'redis' | 'inProcess';
    /** Whether this process works the queues: always in a worker, in the API unless JOBS_IN_API=false. */
    work: boolean;
    /** Redis key prefix of every queue, so that installations (and test runs) sharing a Redis stay apart. */
    prefix: string;
    /** Most jobs of one queue this process runs at once. */
    concurrency: number;
    /**
     * How long a job stays claimed by a process that stopped renewing it (killed, frozen) before
     * another process takes it over; also how often each process looks for such jobs.
     */
    lockMs: number;
    /** Delay before a failed job's first retry; each further retry waits twice as long. */
    backoffMs: number;
  };
  evaluations: {
    /** Model calls one experiment job makes at a time. */
    concurrency: number;
    /** Model calls to one provider at a time from this process, over all experiments. */
    providerConcurrency: number;
  };
  rollouts: {
    /** How often the guardrails of running rollouts are checked (once per period across replicas). */
    guardrailIntervalMs: number;
  };
  rollups: {
    /** How often the rollup job runs (once per period across replicas). */
    rollupIntervalMs: number;
    /** How far back each pass recomputes minute buckets: runs are logged when they end, dated when they started. */
    rewindMs: number;
    /** Minute buckets are kept this long; hour buckets forever. */
    minuteRetentionDays: number;
  };
  /** Prometheus metrics of this process: `GET /metrics` (and METRICS_PORT) when a token is set. */
  metrics: {
    /** Bearer token scrapers present; without it /metrics answers 404 and nothing is counted. */
    token?: string;
    /** Also serve /metrics on this port (a bare HTTP server), e.g. for a scraper on a private network. */
    port?: number;
    /** Most distinct label sets per metric; further ones are counted under prompt/version/model "other". */
    maxSeries: number;
  };
  /** OpenTelemetry traces, exported over OTLP/HTTP (JSON) when an endpoint is set. */
  tracing: {
    /** Where spans go, e.g. http://collector:4318/v1/traces; undefined: tracing is off. */
    tracesUrl?: string;
    headers: Record<string, string>;
    serviceName: string;
  };
  alerts: {
    /** How often alert rules are evaluated (once per period across replicas). */
    intervalMs: number;
  };
  /** Providers created at start-up from the environment when none of that name exists yet. */
  providerDefaults: {
    openai?: { apiKey?: string; baseUrl?: string };
    anthropic?: { apiKey: string };
    google?: { apiKey: string };
    ollama?: { baseUrl: string };
  };
}

export class ConfigError extends Error {}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/promptops.sqlite';
export const DEFAULT_ADMIN_EMAIL = 'admin@promptops.local';

export function loadConfig(env: NodeJS.ProcessEnv = process.env, role: ProcessRole = 'api'): AppConfig {
  const parsed = plainToInstance(EnvironmentDto, env, { excludeExtraneousValues: false });
  const errors = validateSync(parsed, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new ConfigError(`Invalid configuration:\n  - ${lines.join('\n  - ')}`);
  }

  const database = parseDatabaseUrl(parsed.DATABASE_URL ?? DEFAULT_DATABASE_URL);
  const embedded = database.type === 'sqlite';
  const appSecret = parsed.APP_SECRET ?? embeddedSecret(database, embedded);

  if (role === 'worker' && !parsed.REDIS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  - A worker needs REDIS_URL: it takes its jobs from the queues in Redis that the API ' +
        'replicas fill. Without Redis, the API runs jobs itself; start it alone (npm start).',
    );
  }

  if (parsed.JOBS_IN_API === 'false' && !parsed.REDIS_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  - JOBS_IN_API=false needs REDIS_URL: without Redis, jobs are queued in the API ' +
        'process and nothing else could run them.',
    );
  }

  return {
    role,
    port: parsed.PORT ?? 3000,
    database,
    embedded,
    redisUrl: parsed.REDIS_URL,
    publicUrl: parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`,
    webhookRateLimitPerMinute: parsed.WEBHOOK_RATE_LIMIT_PER_MINUTE ?? 60,
    trustProxy: parseTrustProxy(parsed.TRUST_PROXY),
    appSecret,
    admin: { email: (parsed.ADMIN_EMAIL ?? DEFAULT_ADMIN_EMAIL).toLowerCase(), password: parsed.ADMIN_PASSWORD },
    demoData: parsed.DEMO_DATA ? parsed.DEMO_DATA === 'true' : embedded,
    jwtTtl: parsed.JWT_TTL ?? '12h',
    bodyLimitBytes: parsed.BODY_LIMIT_BYTES ?? 1024 * 1024,
    jsonMaxDepth: parsed.JSON_MAX_DEPTH ?? 64,
    http: httpTimeouts(parsed),
    logLevel: parsed.LOG_LEVEL ?? 'info',
    webDistDir: resolve(parsed.WEB_DIST_DIR ?? join(__dirname, '..', '..', '..', 'web', 'dist')),
    templates: {
      timeoutMs: parsed.TEMPLATE_TIMEOUT_MS ?? 1000,
      maxOutputBytes: parsed.TEMPLATE_MAX_OUTPUT_BYTES ?? 1_000_000,
      inlineBudgetMs: 20,
    },
    gateway: { timeoutMs: parsed.GATEWAY_TIMEOUT_MS ?? 60_000, client: parsed.GATEWAY_CLIENT ?? 'direct' },
    shutdownGraceMs: parsed.SHUTDOWN_GRACE_MS ?? 10_000,
    jobs: {
      mode: parsed.REDIS_URL ? 'redis' : 'inProcess',
      work: role === 'worker' || parsed.JOBS_IN_API !== 'false',
      prefix: parsed.JOBS_PREFIX ?? 'promptops',
      concurrency: parsed.WORKER_CONCURRENCY ?? 4,
      lockMs: parsed.JOBS_LOCK_MS ?? 30_000,
      backoffMs: parsed.JOBS_BACKOFF_MS ?? 5_000,
    },
    evaluations: {
      concurrency: parsed.EVAL_CONCURRENCY ?? 8,
      providerConcurrency: parsed.EVAL_PROVIDER_CONCURRENCY ?? 16,
    },
    rollouts: { guardrailIntervalMs: parsed.GUARDRAIL_INTERVAL_MS ?? 60_000 },
    rollups: {
      rollupIntervalMs: parsed.METRICS_ROLLUP_INTERVAL_MS ?? 60_000,
      rewindMs: parsed.METRICS_ROLLUP_REWIND_MS ?? 600_000,
      minuteRetentionDays: parsed.METRICS_MINUTE_RETENTION_DAYS ?? 3,
    },
    metrics: {
      token: parsed.METRICS_TOKEN || undefined,
      port: parsed.METRICS_PORT,
      maxSeries: parsed.METRICS_MAX_SERIES ?? 2000,
    },
    tracing: {
      tracesUrl:
        parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (parsed.OTEL_EXPORTER_OTLP_ENDPOINT
          ? `${parsed.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
          : undefined),
      headers: parseOtlpHeaders(parsed.OTEL_EXPORTER_OTLP_HEADERS),
      serviceName: parsed.OTEL_SERVICE_NAME || 'promptops',
    },
    alerts: { intervalMs: parsed.ALERTS_INTERVAL_MS ?? 60_000 },
    providerDefaults: {
      openai:
        parsed.OPENAI_API_KEY || parsed.OPENAI_BASE_URL
          ? { apiKey: parsed.OPENAI_API_KEY || undefined, baseUrl: parsed.OPENAI_BASE_URL }
          : undefined,
      anthropic: parsed.ANTHROPIC_API_KEY ? { apiKey: parsed.ANTHROPIC_API_KEY } : undefined,
      google: parsed.GEMINI_API_KEY ? { apiKey: parsed.GEMINI_API_KEY } : undefined,
      ollama: parsed.OLLAMA_BASE_URL ? { baseUrl: parsed.OLLAMA_BASE_URL } : undefined,
    },
  };
}

/** OTEL_EXPORTER_OTLP_HEADERS: `key=value` pairs separated by commas, values URL-encoded (the OTel spec). */
function parseOtlpHeaders(value: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (value ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[pair.slice(0, at).trim()] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

function parseTrustProxy(value: string | undefined): AppConfig['trustProxy'] {
  if (!value || value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value) || false;
  return value.split(',').map((entry) => entry.trim());
}

function httpTimeouts(parsed: EnvironmentDto): AppConfig['http'] {
  const requestTimeoutMs = parsed.REQUEST_TIMEOUT_MS ?? 30_000;
  const headersTimeoutMs = parsed.HEADERS_TIMEOUT_MS ?? Math.min(10_000, requestTimeoutMs);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError('Invalid configuration:\n  - HEADERS_TIMEOUT_MS must not be larger than REQUEST_TIMEOUT_MS');
  }
  return { requestTimeoutMs, headersTimeoutMs };
}

function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return { type: 'sqlite', database: file === ':memory:' ? ':memory:' : resolve(file) };
  }
  return { type: 'mysql', url: url.replace(/^mariadb:/, 'mysql:') };
}

/**
 * Embedded mode keeps its secret beside the database file, generated on first start, so a
 * fresh clone runs without configuration and tokens survive restarts. A server database has
 * no such folder: there the operator must set APP_SECRET.
 */
function embeddedSecret(database: DatabaseConfig, embedded: boolean): string {
  if (!embedded || database.type !== 'sqlite') {
    throw new ConfigError('Invalid configuration:\n  - APP_SECRET is required when DATABASE_URL is a MySQL database');
  }
  if (database.database === ':memory:') return randomBytes(32).toString('hex');
  const file = join(dirname(database.database), 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  // Owner-only, like the database beside it (see createOwnerOnlyDatabaseFile).
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
