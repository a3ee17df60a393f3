export { PromptOps } from './client';
export {
  Forbidden,
  MissingVariables,
  NetworkError,
  PromptNotFound,
  PromptOpsError,
  RateLimited,
  ServerError,
  Timeout,
  Unauthorized,
  type Problem,
  type ProblemFieldError,
} from './errors';
export type * from './types';
