import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts/prompts.module';
import { MetricsRollupService } from './metrics-rollup.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [PromptsModule],
  controllers: [MetricsController],
  providers: [MetricsRollupService, MetricsService],
  exports: [MetricsService, MetricsRollupService],
})
export class MetricsModule {}
