import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Deployment } from '../deployments/deployment.entity';
import { RunsModule } from '../runs/runs.module';
import { ServingModule } from '../serving/serving.module';
import { TemplatesModule } from '../templates/templates.module';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([Deployment]), ServingModule, TemplatesModule, RunsModule],
  controllers: [WebhooksController],
  providers: [WebhooksService],
})
export class WebhooksModule {}
