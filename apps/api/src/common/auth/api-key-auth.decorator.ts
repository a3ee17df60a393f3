import { SetMetadata } from '@nestjs/common';
import type { ApiKeyScope } from '@promptops/shared';

export const API_KEY_SCOPE = 'promptops:apiKeyScope';

/**
 * Lets backend services call a route with `X-API-Key` (needing `scope`) instead of a console
 * session. Such calls are rate limited per key.
 */
export const AllowApiKey = (scope: ApiKeyScope) => SetMetadata(API_KEY_SCOPE, scope);
