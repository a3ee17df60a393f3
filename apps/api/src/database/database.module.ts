import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { IdBlocksService } from './id-blocks.service';
import { TransactionService } from './transaction.service';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(config),
          // Embedded mode owns its database file: the API brings it up to date on every start
          // (a worker beside it waits for that instead of migrating too).
          migrationsRun: config.embedded && config.role === 'api',
          retryAttempts: config.embedded ? 0 : 5,
          retryDelay: 2000,
        }),
      ],
      providers: [TransactionService, IdBlocksService],
      exports: [TransactionService, IdBlocksService],
    };
  }
}
