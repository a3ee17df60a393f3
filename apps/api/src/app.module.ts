import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AlertsModule } from './alerts/alerts.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { AppConfig } from './config/app-config';
import { ClusterModule } from './cluster/cluster.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DatasetsModule } from './datasets/datasets.module';
import { TransferModule } from './transfer/transfer.module';
import { DeploymentsModule } from './deployments/deployments.module';
import { EnvironmentsModule } from './environments/environments.module';
import { ExperimentsModule } from './experiments/experiments.module';
import { FlowsModule } from './flows/flows.module';
import { GatewayModule } from './gateway/gateway.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { MetricsModule } from './metrics/metrics.module';
import { PlaygroundModule } from './playground/playground.module';
import { PromptsModule } from './prompts/prompts.module';
import { ProvidersModule } from './providers/providers.module';
import { RetirementModule } from './retirement/retirement.module';
import { RolloutsModule } from './rollouts/rollouts.module';
import { RunsModule } from './runs/runs.module';
import { ScorersModule } from './scorers/scorers.module';
import { ServingModule } from './serving/serving.module';
import { SpaModule } from './spa/spa.module';
import { TelemetryModule } from './telemetry/telemetry.module';
import { TemplatesModule } from './templates/templates.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { PrivacyModule } from './privacy/privacy.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        // Domain events: writers emit them after commit; the modules that keep copies react.
        EventEmitterModule.forRoot(),
        ClusterModule,
        JobsModule,
        AuditModule,
        ApiKeysModule,
        UsersModule,
        AuthModule,
        HealthModule,
        TemplatesModule,
        PromptsModule,
        GatewayModule,
        ProvidersModule,
        RunsModule,
        ScorersModule,
        DatasetsModule,
        TransferModule,
        PlaygroundModule,
        EnvironmentsModule,
        DeploymentsModule,
        ServingModule,
        WebhooksModule,
        ExperimentsModule,
        FlowsModule,
        RetirementModule,
        RolloutsModule,
        MetricsModule,
        TelemetryModule,
        AlertsModule,
        PrivacyModule,
        BootstrapModule,
        // Last: its catch-all GET route must not shadow the API's routes.
        SpaModule,
      ],
    };
  }
}
