import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProvidersModule } from '../providers/providers.module';
import { RolloutsModule } from '../rollouts/rollouts.module';
import { RunsModule } from '../runs/runs.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { TemplatesModule } from '../templates/templates.module';
import { UsersModule } from '../users/users.module';
import { ResolutionService } from './resolution.service';
import { RunController } from './run.controller';
import { ServingCacheListener } from './serving-cache.listener';
import { ServingController } from './serving.controller';
import { ServingEventsController } from './serving-events.controller';
import { ServingEvents } from './serving-events.service';
import { ServingFastPath } from './serving-fast-path';
import { ServingService } from './serving.service';

@Module({
  imports: [
    PromptsModule,
    DeploymentsModule,
    TemplatesModule,
    ProvidersModule,
    RunsModule,
    UsersModule,
    RolloutsModule,
    TelemetryModule,
  ],
  controllers: [ServingController, RunController, ServingEventsController],
  providers: [ResolutionService, ServingService, ServingFastPath, ServingCacheListener, ServingEvents],
  exports: [ResolutionService, ServingService, ServingFastPath],
})
export class ServingModule {}
