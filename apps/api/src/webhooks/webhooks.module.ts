import { Module } from '@nestjs/common';
import { DeploymentsModule } from '../deployments/deployments.module';
import { FlowsModule } from '../flows/flows.module';
import { RunsModule } from '../runs/runs.module';
import { ServingModule } from '../serving/serving.module';
import { TemplatesModule } from '../templates/templates.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [DeploymentsModule, FlowsModule, ServingModule, TemplatesModule, RunsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
