import { ErrorCode } from '@promptops/shared';
import { NotFoundError } from '../common/problem/domain.error';

export class RunNotFoundError extends NotFoundError {
  constructor(id: number) {
    super(ErrorCode.RUN_NOT_FOUND, `Run ${id} does not exist`);
  }
}
