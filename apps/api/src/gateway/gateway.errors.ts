import { ErrorCode } from '@promptops/shared';
import { DomainError } from '../common/problem/domain.error';

export class ProviderAuthFailedError extends DomainError {
  constructor(provider: string, message: string) {
    super(
      502,
      ErrorCode.PROVIDER_AUTH_FAILED,
      'Bad Gateway',
      `Provider "${provider}" rejected the credentials: ${message}. Check the provider's API key.`,
    );
  }
}

export class ProviderRateLimitedError extends DomainError {
  constructor(provider: string, message: string, retryAfter: number | undefined) {
    super(
      429,
      ErrorCode.PROVIDER_RATE_LIMITED,
      'Too Many Requests',
      `Provider "${provider}" is rate limiting requests: ${message}`,
      undefined,
      retryAfter === undefined ? {} : { retryAfter },
    );
    if (retryAfter !== undefined) this.withHeaders({ 'retry-after': String(retryAfter) });
  }
}

export class ProviderTimeoutError extends DomainError {
  constructor(provider: string, timeoutMs: number) {
    super(
      504,
      ErrorCode.PROVIDER_TIMEOUT,
      'Gateway Timeout',
      `Provider "${provider}" did not answer within ${timeoutMs} ms`,
    );
  }
}

export class ProviderCallError extends DomainError {
  constructor(provider: string, message: string, providerStatus?: number) {
    super(
      502,
      ErrorCode.PROVIDER_ERROR,
      'Bad Gateway',
      `Provider "${provider}" failed: ${message}`,
      undefined,
      providerStatus === undefined ? {} : { providerStatus },
    );
  }
}

/**
 * The caller went away; nobody is left to read the answer, only the run to record. 499 is the
 * status proxies log for a client that closed its request; it is never actually sent.
 */
export class CallAbortedError extends DomainError {
  constructor() {
    super(499, ErrorCode.RUN_ABORTED, 'Client Closed Request', 'The call was aborted by the client');
  }
}
