import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { Environment } from '../environments/environment.entity';
import { JobsModule } from '../jobs/jobs.module';
import { PromptsModule } from '../prompts/prompts.module';
import { Run } from '../runs/run.entity';
import { Rollout } from './rollout.entity';
import { RolloutsController } from './rollouts.controller';
import { RolloutsService } from './rollouts.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Rollout, Environment, Run]),
    AuditModule,
    DeploymentsModule,
    JobsModule,
    PromptsModule,
  ],
  controllers: [RolloutsController],
  providers: [RolloutsService],
  exports: [RolloutsService],
})
export class RolloutsModule {}
