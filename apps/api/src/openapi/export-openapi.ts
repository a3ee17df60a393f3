import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../app.module';
import { createFastifyAdapter } from '../app.setup';
import { loadConfig } from '../config/app-config';
import { buildOpenApiDocument } from './openapi';

/** `npm run openapi`: writes the committed OpenAPI document from the running module graph. */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'openapi.json');
  const config = loadConfig({
    DATABASE_URL: 'sqlite::memory:',
    DEMO_DATA: 'false',
    ADMIN_PASSWORD: 'export-only-password',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    createFastifyAdapter(config),
    {
      logger: ['error'],
    },
  );
  await app.init();
  const document = buildOpenApiDocument(app);
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  await app.close();
  console.log(`OpenAPI document written to ${target}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
