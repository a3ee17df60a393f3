import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope } from '@promptops/shared';

export const API_KEY_SCOPE = 'promptops:apiKeyScope';

/**
 * Lets backend services call a route with `X-API-Key` (needing `scope`, or any one of several
 * scopes) instead of a console session. Such calls are rate limited per key.
 */
export const AllowApiKey = (scope: ApiKeyScope, ...alternatives: ApiKeyScope[]) =>
  SetMetadata(API_KEY_SCOPE, alternatives.length ? [scope, ...alternatives] : scope);
