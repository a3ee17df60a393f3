import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PrometheusController } from './prometheus.controller';
import { PrometheusService } from './prometheus.service';
import { RunMetrics } from './run-metrics';
import { ServingTelemetryInterceptor } from './serving-telemetry.interceptor';
import { Tracing } from './tracing';

/**
 * What operators' monitoring reads from each process: Prometheus metrics of ended runs
 * (`GET /metrics`) and OpenTelemetry traces. The runs module imports it to report each run.
 */
@Module({
  providers: [
    RunMetrics,
    Tracing,
    PrometheusService,
    { provide: APP_INTERCEPTOR, useClass: ServingTelemetryInterceptor },
  ],
  controllers: [PrometheusController],
  exports: [RunMetrics, Tracing],
})
export class TelemetryModule {}
