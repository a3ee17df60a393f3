import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts/prompts.module';
import { RunsModule } from '../runs/runs.module';
import { RetirementController } from './retirement.controller';
import { RetirementService } from './retirement.service';

@Module({
  imports: [PromptsModule, RunsModule],
  controllers: [RetirementController],
  providers: [RetirementService],
})
export class RetirementModule {}
