import { Module } from '@nestjs/common';
import { RenderingService } from './rendering.service';
import { TemplatesController } from './templates.controller';

@Module({
  controllers: [TemplatesController],
  providers: [RenderingService],
  exports: [RenderingService],
})
export class TemplatesModule {}
