import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { ClusterBus } from '../cluster/cluster-bus';
import { Public } from '../common/auth/public.decorator';
import { JobsService } from '../jobs/jobs.service';
import { HealthResponseDto } from './health-response.dto';

/** How long a dependency may take to answer before it counts as down. */
const CHECK_TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: ClusterBus,
    private readonly jobs: JobsService,
  ) {}

  /** Liveness and reachability of the database and Redis, for load balancers and uptime checks. */
  @Public()
  @Get()
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database (and Redis, when configured) answer' })
  @ApiServiceUnavailableResponse({
    type: HealthResponseDto,
    description: 'The database or Redis does not answer; the body says which',
  })
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    const redis = this.bus.redis;
    const [database, cache] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      redis ? check(() => redis.ping()) : undefined,
    ]);
    const up = database.status === 'up' && cache?.status !== 'down';
    if (!up) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: up ? 'ok' : 'degraded',
      database: { ...database, type: this.dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite' },
      ...(cache ? { redis: cache } : {}),
      jobs: { mode: this.jobs.mode },
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}

async function check(probe: () => Promise<unknown>): Promise<{ status: 'up' | 'down'; latencyMs: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no answer in time')), CHECK_TIMEOUT_MS);
  });
  let status: 'up' | 'down' = 'up';
  try {
    await Promise.race([probe(), timeout]);
  } catch {
    status = 'down';
  } finally {
    clearTimeout(timer);
  }
  return { status, latencyMs: Math.round((performance.now() - started) * 100) / 100 };
}
