import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { PromptsModule } from '../prompts/prompts.module';
import { AlertChecks } from './alert-checks';
import { AlertEvent } from './alert-event.entity';
import { AlertRule } from './alert-rule.entity';
import { AlertWebhook } from './alert-webhook';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({
  imports: [TypeOrmModule.forFeature([AlertRule, AlertEvent]), AuditModule, PromptsModule],
  controllers: [AlertsController],
  providers: [AlertsService, AlertChecks, AlertWebhook],
})
export class AlertsModule {}
