import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AppLogger } from './common/logging/app-logger';
import { configureApp, createApp } from './app.setup';
import { AppConfig, ConfigError, loadConfig, ProcessRole } from './config/app-config';
import { waitForMigrations } from './database/wait-for-migrations';
import { JobsService } from './jobs/jobs.service';

/** `node main.js` serves the API and console; `node main.js worker` only works the job queues. */
async function bootstrap(): Promise<void> {
  // A .env file in the working directory is optional; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const command = process.argv[2] ?? 'api';
  if (command !== 'api' && command !== 'worker') {
    throw new ConfigError(`Unknown command "${command}": run main.js (the API) or main.js worker`);
  }
  const config = loadConfig(process.env, command as ProcessRole);
  await (config.role === 'worker' ? startWorker(config) : startApi(config));
}

async function startApi(config: AppConfig): Promise<void> {
  const app = await createApp(config, new AppLogger(config.logLevel));
  await configureApp(app, config);
  await app.listen(config.port, '0.0.0.0');
  const where = config.database.type === 'sqlite' ? `SQLite ${config.database.database}` : 'MySQL';
  Logger.log(`PromptOps is listening on http://localhost:${config.port} (${where})`, 'Bootstrap');
}

/** The same application without HTTP: it takes jobs from Redis until SIGTERM. */
async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new AppLogger(config.logLevel),
  });
  app.enableShutdownHooks();
  const logger = new Logger('Bootstrap');
  await waitForMigrations(app.get(DataSource), logger);
  app.get(JobsService).start();
  logger.log(`PromptOps worker is taking jobs from Redis (prefix ${config.jobs.prefix})`);
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
