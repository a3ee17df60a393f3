import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EnvironmentsModule } from '../environments/environments.module';
import { PromptsModule } from '../prompts/prompts.module';
import { PrivacyPoliciesService } from './privacy-policies.service';
import { PrivacyPolicy } from './privacy-policy.entity';
import { PrivacyController } from './privacy.controller';

@Module({
  imports: [TypeOrmModule.forFeature([PrivacyPolicy]), PromptsModule, EnvironmentsModule],
  controllers: [PrivacyController],
  providers: [PrivacyPoliciesService],
  exports: [PrivacyPoliciesService],
})
export class PrivacyModule {}
