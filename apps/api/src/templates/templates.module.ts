import { Module } from '@nestjs/common';
import { RenderPool } from './render-pool';
import { RenderingService } from './rendering.service';
import { TemplatesController } from './templates.controller';

@Module({
  controllers: [TemplatesController],
  providers: [RenderingService, RenderPool],
  exports: [RenderingService],
})
export class TemplatesModule {}
