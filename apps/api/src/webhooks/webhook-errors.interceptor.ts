import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { DomainError } from '../common/problem/domain.error';

/**
 * No-code tools show a flat `error` field far more easily than problem+json's `detail`, so
 * webhook errors carry both (`detail` stays the standard place).
 */
@Injectable()
export class WebhookErrorsInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DomainError) error.extensions.error = error.detail;
        return throwError(() => error);
      }),
    );
  }
}
