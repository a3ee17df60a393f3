import { Readable, Transform, TransformCallback } from 'node:stream';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';

/** The media type an upload route's body is relabelled with, so that only its parser reads it. */
const UPLOAD_MEDIA_TYPE = 'application/x-promptops-upload';

interface StreamedUploadConfig {
  mediaTypes: readonly string[];
}

/**
 * Marks a route whose handler reads the raw request body as a stream (file imports): a body of
 * one of `mediaTypes` is not buffered or parsed but handed over as it arrives, with no global
 * body limit; the handler enforces its own (see `limitBytes`). Other routes keep the JSON and
 * form parsers and the global limit, whatever Content-Type a client sends them.
 */
export function StreamedUpload(mediaTypes: readonly string[]): MethodDecorator {
  return RouteConfig({ streamedUpload: { mediaTypes } satisfies StreamedUploadConfig });
}

/**
 * Fastify picks a parser by Content-Type alone, the same for every route. So a route marked
 * `@StreamedUpload` gets an onRequest hook that relabels its declared types with a private
 * type whose parser passes the stream through; must run before the routes are registered.
 */
export function registerStreamedUploads(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(UPLOAD_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
  fastify.addHook('onRoute', (route) => {
    const upload = (route.config as { streamedUpload?: StreamedUploadConfig } | undefined)?.streamedUpload;
    if (!upload) return;
    const relabel: onRequestHookHandler = (request, _reply, done) => {
      const declared = request.headers['content-type']?.split(';')[0].trim().toLowerCase();
      if (declared && upload.mediaTypes.includes(declared)) request.headers['content-type'] = UPLOAD_MEDIA_TYPE;
      done();
    };
    const existing = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...existing, relabel];
  });
}

/** The streamed body of an upload route (null when the client sent another Content-Type). */
export function uploadedBody(request: FastifyRequest): Readable | null {
  return request.body instanceof Readable ? request.body : null;
}

/**
 * The body, failing with `tooLarge()` once more than `maxBytes` have arrived, and with an error
 * when the client stops before the end (so half a file is never taken for a whole one). The
 * request itself is left alone, not destroyed, so that the client still gets the answer.
 */
export function limitBytes(body: Readable, maxBytes: number, tooLarge: () => Error): Readable {
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen <= maxBytes) return callback(null, chunk);
      body.unpipe(limiter);
      callback(tooLarge());
    },
  });
  body.on('error', (error) => limiter.destroy(error));
  body.on('close', () => {
    if (!body.readableEnded) limiter.destroy(new Error('The upload was interrupted before its end'));
  });
  body.pipe(limiter);
  return limiter;
}
