import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { EnvironmentsModule } from '../environments/environments.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProvidersModule } from '../providers/providers.module';
import { TemplatesModule } from '../templates/templates.module';
import { TransferController } from './transfer.controller';
import { TransferService } from './transfer.service';

@Module({
  imports: [PromptsModule, DeploymentsModule, EnvironmentsModule, ProvidersModule, DatasetsModule, TemplatesModule],
  controllers: [TransferController],
  providers: [TransferService],
})
export class TransferModule {}
