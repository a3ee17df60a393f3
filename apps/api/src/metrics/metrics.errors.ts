import { ErrorCode } from '@promptops/shared';
import { BadRequestError } from '../common/problem/domain.error';

/** A dashboard range must run forwards, span 1 hour to 30 days, and give both ends or neither. */
export class MetricsRangeInvalidError extends BadRequestError {
  constructor(detail: string) {
    super(ErrorCode.METRICS_RANGE_INVALID, detail, [
      { field: 'from', message: detail, code: ErrorCode.METRICS_RANGE_INVALID },
    ]);
  }
}
