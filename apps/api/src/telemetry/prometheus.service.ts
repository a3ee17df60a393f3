import { timingSafeEqual, createHash } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { answerProblem } from '../common/problem/problem.filter';
import { RunMetrics } from './run-metrics';
import { MetricsDisabledError, MetricsTokenInvalidError } from './telemetry.errors';

/**
 * Serves this process's metrics to Prometheus: on the app's port (`GET /metrics`) and, with
 * METRICS_PORT, on a bare HTTP server of its own (workers have no other port). Both ask for
 * `Authorization: Bearer $METRICS_TOKEN`; without the variable the endpoint is off (404).
 */
@Injectable()
export class PrometheusService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Prometheus');
  private readonly tokenDigest?: Buffer;
  private server?: Server;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: RunMetrics,
  ) {
    if (config.metrics.token) this.tokenDigest = digest(config.metrics.token);
  }

  /** The exposition text, once the caller's Authorization header is checked. */
  async scrape(authorization: string | undefined): Promise<{ contentType: string; body: string }> {
    if (!this.tokenDigest) throw new MetricsDisabledError();
    const presented = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
    // Compared as SHA-256 digests: equal lengths for timingSafeEqual, and no early exit on length.
    if (!presented || !timingSafeEqual(digest(presented), this.tokenDigest)) throw new MetricsTokenInvalidError();
    return { contentType: this.metrics.contentType, body: await this.metrics.scrape() };
  }

  /** The port METRICS_PORT serves on once listening (tests ask for port 0). */
  get port(): number | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    const { port, token } = this.config.metrics;
    if (port === undefined || !token) return;
    const server = createServer((request, response) => {
      const path = (request.url ?? '').split('?')[0];
      const work =
        request.method === 'GET' && path === '/metrics'
          ? this.scrape(request.headers.authorization)
          : Promise.reject(new MetricsDisabledError());
      work.then(
        ({ contentType, body }) => {
          response.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
          response.end(body);
        },
        (error: unknown) => {
          const { problem, headers } = answerProblem(error, request.method ?? 'GET', path, this.logger);
          response.writeHead(problem.status, headers);
          response.end(JSON.stringify(problem));
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
    this.logger.log(`Serving /metrics on port ${this.port}`);
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
