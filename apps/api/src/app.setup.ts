import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { LoggerService, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyServerOptions } from 'fastify';
import { AppModule } from './app.module';
import { answerClientError } from './common/http/client-error';
import { parseFormBody } from './common/http/form-body';
import { parseJsonBody } from './common/http/json-body';
import { registerRouteBodyLimits } from './common/http/body-limit';
import { registerStreamedUploads } from './common/http/streamed-upload';
import { ProblemFilter } from './common/problem/problem.filter';
import { createValidationPipe } from './common/problem/validation';
import { AppConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';
import { SERVING_AJV_OPTIONS } from './serving/dto/serving-body.schemas';
import { ServingFastPath } from './serving/serving-fast-path';
import { WEBHOOK_PATH_PREFIX } from './webhooks/webhooks.controller';

/** Answers some requests before Fastify sees them (ServingFastPath); false leaves them to Fastify. */
type EarlyHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

/**
 * Security headers on every answer Fastify sends (the serving fast path sets its own). The
 * console bundles Monaco and its worker (no CDN); antd and Monaco inject styles at run time;
 * it compiles templates in the browser with the server's engine (libs/templating, nunjucks),
 * which turns each template into a function with `new Function`, hence 'unsafe-eval'; inline
 * and foreign scripts stay refused. Swagger UI at /api/docs loads only its own scripts. No
 * upgrade-insecure-requests or HSTS: self-hosted servers are often reached over plain HTTP on
 * a private network, and TLS is the reverse proxy's to announce.
 */
const SECURITY_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:', 'blob:'],
      'object-src': ["'none'"],
      'script-src': ["'self'", "'unsafe-eval'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'worker-src': ["'self'", 'blob:'],
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: false,
};

/** Each server's early handler, set by configureApp once the app's services exist. */
const earlyHandlers = new WeakMap<Server, { handle?: EarlyHandler }>();

export function createFastifyAdapter(config: AppConfig): FastifyAdapter {
  const { requestTimeoutMs, headersTimeoutMs } = config.http;
  return new FastifyAdapter({
    // Fastify's own server, with a first look at each request for the fast path.
    serverFactory: (fastifyHandler: RequestListener, options: FastifyServerOptions) => {
      const slot: { handle?: EarlyHandler } = {};
      const server = createServer(
        {
          // A client that trickles its headers or body is cut off, on every path (the fast path too).
          requestTimeout: requestTimeoutMs,
          headersTimeout: headersTimeoutMs,
          connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
        },
        (request, response) => {
          if (!slot.handle?.(request, response)) fastifyHandler(request, response);
        },
      );
      server.keepAliveTimeout = options.keepAliveTimeout ?? 72_000;
      server.setTimeout(options.connectionTimeout ?? 0);
      earlyHandlers.set(server, slot);
      return server;
    },
    requestTimeout: requestTimeoutMs,
    clientErrorHandler: answerClientError,
    bodyLimit: config.bodyLimitBytes,
    // Forwarded headers only from configured proxies: anyone else could forge their address.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (_address: string, hop: number) => hop < (config.trustProxy as number)
        : config.trustProxy,
    ajv: { customOptions: { ...SERVING_AJV_OPTIONS } },
  });
}

/** The app as main.ts and the e2e tests create it; configureApp registers the body parsers. */
export function createApp(config: AppConfig, logger: LoggerService | LogLevel[]): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), createFastifyAdapter(config), {
    logger,
    bodyParser: false,
  });
}

/**
 * JSON through parseJsonBody (the serving fast path reads bodies with it too, so both answer
 * alike), forms (webhooks from Zapier and Make), with `name[]` fields read as lists, and the raw
 * streams of the routes marked `@StreamedUpload` (file imports).
 */
function registerBodyParsers(fastify: FastifyInstance, config: AppConfig): void {
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string, config.jsonMaxDepth));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, parseFormBody(body as string)),
  );
  registerStreamedUploads(fastify);
  registerRouteBodyLimits(fastify);
}

/** Everything main.ts and the e2e tests share, so tests exercise the app as it runs. */
export async function configureApp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter([WEBHOOK_PATH_PREFIX]));
  app.enableShutdownHooks();
  registerBodyParsers(app.getHttpAdapter().getInstance(), config);
  const fastPath = app.get(ServingFastPath);
  earlyHandlers.get(app.getHttpServer())!.handle = (request, response) => fastPath.handle(request, response);

  await app.register(require('@fastify/helmet'), SECURITY_HEADERS);
  // Compressed when the client accepts it and the answer is 1 KiB or more (never event streams).
  await app.register(require('@fastify/compress'), { encodings: ['br', 'gzip'], threshold: 1024 });
  if (existsSync(config.webDistDir)) {
    // Each built file gets its own route (no wildcard), leaving other paths to the SPA fallback.
    await app.register(require('@fastify/static'), {
      root: config.webDistDir,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
      setHeaders: (reply: FastifyReply, path: string) => {
        // Built assets have content hashes in their names, so they never change; the page that
        // names them must be revalidated, or a release would keep loading the old ones.
        if (path.includes('/assets/')) reply.header('cache-control', 'public, max-age=31536000, immutable');
        else if (path.endsWith('.html')) reply.header('cache-control', 'no-cache');
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
