import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { ProvidersModule } from '../providers/providers.module';
import { TelemetryModule } from '../telemetry/telemetry.module';
import { TemplatesModule } from '../templates/templates.module';
import { InFlightRuns } from './in-flight-runs';
import { RunCore } from './run-core.service';
import { RunLog } from './run-log';
import { Run } from './run.entity';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Run]),
    GatewayModule,
    ProvidersModule,
    TemplatesModule,
    TelemetryModule,
    PrivacyModule,
  ],
  providers: [RunsService, RunCore, RunLog, InFlightRuns],
  controllers: [RunsController],
  exports: [RunsService, RunCore, RunLog, InFlightRuns],
})
export class RunsModule {}
