import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { AppLogger } from './common/logging/app-logger';
import { configureApp, createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';

async function bootstrap(): Promise<void> {
  // A .env file in the working directory is optional; real environment variables win over it.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const app = await createApp(config, new AppLogger(config.logLevel));
  await configureApp(app, config);
  await app.listen(config.port, '0.0.0.0');
  const where = config.database.type === 'sqlite' ? `SQLite ${config.database.database}` : 'MySQL';
  Logger.log(`PromptOps is listening on http://localhost:${config.port} (${where})`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  // Configuration problems are the operator's to fix: say what, without a stack trace.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
