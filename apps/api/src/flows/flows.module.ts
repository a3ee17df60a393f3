import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PrivacyModule } from '../privacy/privacy.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProvidersModule } from '../providers/providers.module';
import { RunsModule } from '../runs/runs.module';
import { ServingModule } from '../serving/serving.module';
import { TemplatesModule } from '../templates/templates.module';
import { UsersModule } from '../users/users.module';
import { FlowExecutionService } from './flow-execution.service';
import { FlowExpressions } from './flow-expressions';
import { FlowsController } from './flows.controller';
import { FlowValidator } from './flow-validator';
import { FlowsService } from './flows.service';

@Module({
  imports: [
    AuditModule,
    DeploymentsModule,
    IdempotencyModule,
    PrivacyModule,
    PromptsModule,
    ProvidersModule,
    RunsModule,
    ServingModule,
    TemplatesModule,
    UsersModule,
  ],
  controllers: [FlowsController],
  providers: [FlowsService, FlowExecutionService, FlowExpressions, FlowValidator],
  exports: [FlowsService, FlowExecutionService, FlowValidator],
})
export class FlowsModule {}
