import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { FlowsModule } from '../flows/flows.module';
import { PromptsModule } from '../prompts/prompts.module';
import { UsersModule } from '../users/users.module';
import { BootstrapService } from './bootstrap.service';

@Module({
  imports: [UsersModule, PromptsModule, DatasetsModule, FlowsModule],
  providers: [BootstrapService],
})
export class BootstrapModule {}
