import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { MetricsOverviewQueryDto, MetricsRangeQueryDto } from './dto/metrics-query.dto';
import {
  MetricDimensionsResponseDto,
  MetricsOverviewResponseDto,
  PromptMetricsResponseDto,
  RollupPassResponseDto,
} from './dto/metrics-response.dto';
import { MetricsRollupService } from './metrics-rollup.service';
import { MetricsService } from './metrics.service';

/**
 * Requests, errors, latency percentiles, tokens and cost from the metric rollups (minute and
 * hour buckets of the run log, docs/monitoring.md), for the Monitoring dashboard and each
 * prompt's Metrics tab.
 */
@ApiTags('metrics')
@ApiBearerAuth()
@Controller('api/v1')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly rollups: MetricsRollupService,
  ) {}

  /**
   * Totals, a time series (minute steps up to 6 hours, hours or more beyond), cost per day and
   * the top prompts by cost and by errors over a range of 1 hour to 30 days, with filters.
   */
  @Get('metrics/overview')
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401)
  getMetricsOverview(@Query() query: MetricsOverviewQueryDto): Promise<MetricsOverviewResponseDto> {
    return this.metrics.overview(query);
  }

  /** The prompts, environments, models and providers that had runs in a range (for filters). */
  @Get('metrics/dimensions')
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401)
  getMetricDimensions(@Query() query: MetricsRangeQueryDto): Promise<MetricDimensionsResponseDto> {
    return this.metrics.dimensions(query);
  }

  /** Rolls the run log up now instead of at the next period (admins; the job does it every minute). */
  @Post('metrics/rollup')
  @HttpCode(200)
  @RequirePermission('admin:providers')
  @ApiProblems(401)
  async rollUpMetrics(): Promise<RollupPassResponseDto> {
    const pass = await this.rollups.rollUp();
    return {
      from: pass.from.toISOString(),
      to: pass.to.toISOString(),
      minuteRows: pass.minuteRows,
      hourRows: pass.hourRows,
      tookMs: pass.tookMs,
    };
  }

  /** A prompt's (or flow's) numbers per version, and a per-version time series, for its Metrics tab. */
  @Get('prompts/:name/metrics')
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401, 404)
  getPromptMetrics(
    @Param('name') name: string,
    @Query() query: MetricsRangeQueryDto,
  ): Promise<PromptMetricsResponseDto> {
    return this.metrics.promptMetrics(name, query);
  }
}
