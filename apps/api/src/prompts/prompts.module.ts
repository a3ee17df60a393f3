import { forwardRef, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeploymentsModule } from '../deployments/deployments.module';
import { ProvidersModule } from '../providers/providers.module';
import { TemplatesModule } from '../templates/templates.module';
import { PromptFoldersController } from './prompt-folders.controller';
import { PromptLocator } from './prompt-locator.service';
import { Prompt } from './prompt.entity';
import { PromptVersion } from './prompt-version.entity';
import { PromptsController } from './prompts.controller';
import { PromptsService } from './prompts.service';
import { VersionsController } from './versions.controller';
import { VersionsService } from './versions.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Prompt, PromptVersion]),
    TemplatesModule,
    ProvidersModule,
    forwardRef(() => DeploymentsModule),
  ],
  controllers: [PromptsController, PromptFoldersController, VersionsController],
  providers: [PromptsService, VersionsService, PromptLocator],
  exports: [PromptsService, VersionsService, PromptLocator],
})
export class PromptsModule {}
