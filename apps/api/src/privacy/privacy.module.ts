import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentsModule } from '../environments/environments.module';
import { PromptsModule } from '../prompts/prompts.module';
import { PrivacyPoliciesService } from './privacy-policies.service';
import { PrivacyPolicy } from './privacy-policy.entity';
import { PrivacyController } from './privacy.controller';
import { RedactionAudit } from './redaction-audit';

@Module({
  imports: [TypeOrmModule.forFeature([PrivacyPolicy]), PromptsModule, EnvironmentsModule],
  controllers: [PrivacyController],
  providers: [PrivacyPoliciesService, RedactionAudit],
  exports: [PrivacyPoliciesService, RedactionAudit],
})
export class PrivacyModule {}
