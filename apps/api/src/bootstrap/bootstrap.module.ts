import { Module } from '@nestjs/common';
import { PromptsModule } from '../prompts/prompts.module';
import { UsersModule } from '../users/users.module';
import { BootstrapService } from './bootstrap.service';

@Module({ imports: [UsersModule, PromptsModule], providers: [BootstrapService] })
export class BootstrapModule {}
