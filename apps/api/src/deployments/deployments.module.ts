import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Environment } from '../environments/environment.entity';
import { ProvidersModule } from '../providers/providers.module';
import { PromptsModule } from '../prompts/prompts.module';
import { Deployment } from './deployment.entity';
import { DeploymentHistoryEntry } from './deployment-history-entry.entity';
import { DeploymentsController } from './deployments.controller';
import { DeploymentsService } from './deployments.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Deployment, DeploymentHistoryEntry, Environment]),
    forwardRef(() => PromptsModule),
    ProvidersModule,
  ],
  controllers: [DeploymentsController],
  providers: [DeploymentsService],
  exports: [DeploymentsService],
})
export class DeploymentsModule {}
