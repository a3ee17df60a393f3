import { ErrorCode } from '@promptops/shared';
import { NotFoundError, UnauthorizedError } from '../common/problem/domain.error';

/** A scrape without `Authorization: Bearer $METRICS_TOKEN`, or with another token. */
export class MetricsTokenInvalidError extends UnauthorizedError {
  constructor() {
    super('GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>"', ErrorCode.METRICS_TOKEN_INVALID);
  }
}

/** METRICS_TOKEN is unset: /metrics is off and answers like a route that does not exist. */
export class MetricsDisabledError extends NotFoundError {
  constructor() {
    super(ErrorCode.ROUTE_NOT_FOUND, 'No route GET /metrics (set METRICS_TOKEN to expose Prometheus metrics)');
  }
}
