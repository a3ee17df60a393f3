import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ErrorCode } from '@promptops/shared';
import type { FastifyRequest } from 'fastify';
import { Public } from '../common/auth/public.decorator';
import { NotFoundError } from '../common/problem/domain.error';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

const NOT_BUILT = `<!doctype html><html><head><meta charset="utf-8"><title>PromptOps</title></head>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>PromptOps API is running</h1>
<p>The admin console has not been built. Run <code>npm run build</code> (or <code>npm start</code>), then reload.</p>
<p>API documentation: <a href="/api/docs">/api/docs</a></p></body></html>`;

/**
 * The console is a single-page app: its files are served as static assets, and every other
 * GET outside /api answers its index.html so client-side routes survive a reload.
 */
@ApiExcludeController()
@Controller()
export class SpaController {
  private readonly indexHtml: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const index = join(config.webDistDir, 'index.html');
    this.indexHtml = existsSync(index) ? readFileSync(index, 'utf8') : NOT_BUILT;
  }

  @Public()
  @Get('*')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  serveConsole(@Req() request: FastifyRequest): string {
    const path = request.url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/')) {
      throw new NotFoundError(ErrorCode.ROUTE_NOT_FOUND, `No API route ${request.method} ${path}`);
    }
    return this.indexHtml;
  }
}
