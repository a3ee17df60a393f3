import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { DeploymentsModule } from '../deployments/deployments.module';
import { FlowsModule } from '../flows/flows.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProvidersModule } from '../providers/providers.module';
import { RunsModule } from '../runs/runs.module';
import { ScorersModule } from '../scorers/scorers.module';
import { TemplatesModule } from '../templates/templates.module';
import { ExperimentPlanner } from './experiment-plan';
import { ExperimentResult } from './experiment-result.entity';
import { ExperimentRunner } from './experiment-runner';
import { Experiment } from './experiment.entity';
import { ExperimentsController } from './experiments.controller';
import { ExperimentsService } from './experiments.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Experiment, ExperimentResult]),
    AuditModule,
    DatasetsModule,
    DeploymentsModule,
    FlowsModule,
    PromptsModule,
    ProvidersModule,
    RunsModule,
    ScorersModule,
    TemplatesModule,
  ],
  controllers: [ExperimentsController],
  providers: [ExperimentsService, ExperimentPlanner, ExperimentRunner],
})
export class ExperimentsModule {}
