import { existsSync } from 'node:fs';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ProblemFilter } from './common/problem/problem.filter';
import { createValidationPipe } from './common/problem/validation';
import { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: true,
    // Route schemas (the serving bodies) are validated strictly, like the class-validator DTOs:
    // no coercion, no silently dropped properties, every problem reported.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
  });
}

/** Everything main.ts and the e2e tests share, so tests exercise the app as it runs. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();

  if (existsSync(config.webDistDir)) {
    // Each built file gets its own route (no wildcard), leaving other paths to the SPA fallback.
    await app.register(require('@fastify/static'), {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
      // Built assets have content hashes in their names, so they never change.
      setHeaders: (reply: FastifyReply, path: string) => {
        if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/openapi.json',
    yamlDocumentUrl: 'api/openapi.yaml',
    customSiteTitle: 'PromptOps API',
  });
}
