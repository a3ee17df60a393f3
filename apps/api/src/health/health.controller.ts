import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth/public.decorator';
import { HealthResponseDto } from './health-response.dto';

@ApiTags('health')
@Controller('api/health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness and database reachability, for load balancers and uptime checks (503 when the database is down). */
  @Public()
  @Get()
  async getHealth(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthResponseDto> {
    const started = performance.now();
    let up = false;
    try {
      await this.dataSource.query('SELECT 1');
      up = true;
    } catch {
      up = false;
    }
    if (!up) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: up ? 'ok' : 'degraded',
      database: {
        status: up ? 'up' : 'down',
        type: this.dataSource.options.type === 'mysql' ? 'mysql' : 'sqlite',
        latencyMs: Math.round((performance.now() - started) * 100) / 100,
      },
      uptimeSeconds: Math.round(process.uptime()),
    };
  }
}
