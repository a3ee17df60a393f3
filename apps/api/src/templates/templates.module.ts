import { Module } from '@nestjs/common';
import { BuilderService } from './builder.service';
import { RenderPool } from './render-pool';
import { RenderingService } from './rendering.service';
import { TemplatesController } from './templates.controller';

@Module({
  controllers: [TemplatesController],
  providers: [RenderingService, RenderPool, BuilderService],
  exports: [RenderingService, BuilderService],
})
export class TemplatesModule {}
