import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/auth/public.decorator';
import { PrometheusService } from './prometheus.service';

/** Prometheus scrapes `GET /metrics` (outside /api and the OpenAPI document; its own bearer token). */
@ApiExcludeController()
@Controller('metrics')
export class PrometheusController {
  constructor(private readonly prometheus: PrometheusService) {}

  @Public()
  @Get()
  async scrapeMetrics(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const { contentType, body } = await this.prometheus.scrape(authorization);
    reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
