import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module';
import { PromptsModule } from '../prompts/prompts.module';
import { ProvidersModule } from '../providers/providers.module';
import { RunsModule } from '../runs/runs.module';
import { EmbeddingCacheEntry } from './embedding-cache-entry.entity';
import { EmbeddingsService } from './embeddings.service';
import { LlmJudgeService } from './llm-judge.service';
import { ScorersService } from './scorers.service';

@Module({
  imports: [TypeOrmModule.forFeature([EmbeddingCacheEntry]), GatewayModule, ProvidersModule, PromptsModule, RunsModule],
  providers: [ScorersService, EmbeddingsService, LlmJudgeService],
  exports: [ScorersService],
})
export class ScorersModule {}
