import { ErrorCode } from '@promptops/shared';
import { NotFoundError } from '../common/problem/domain.error';

export class AlertRuleNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(ErrorCode.ALERT_RULE_NOT_FOUND, `Alert rule ${id} does not exist`);
  }
}
