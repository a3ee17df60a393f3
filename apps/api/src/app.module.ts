import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BootstrapModule } from './bootstrap/bootstrap.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { PromptsModule } from './prompts/prompts.module';
import { SpaModule } from './spa/spa.module';
import { TemplatesModule } from './templates/templates.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        AuditModule,
        UsersModule,
        AuthModule,
        HealthModule,
        TemplatesModule,
        PromptsModule,
        BootstrapModule,
        // Last: its catch-all GET route must not shadow the API's routes.
        SpaModule,
      ],
    };
  }
}
