import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import type { Permission } from '@promptops/shared';

export const REQUIRED_PERMISSION = 'promptops:permission';

/** Any signed-in console user, whatever the role (their own profile, password, debug mode). */
export const SIGNED_IN = 'signed-in';

/**
 * What a console user must be allowed to do to call an operation. Checked by the auth guard
 * and documented in OpenAPI as `x-required-permission` (and a 403 answer).
 */
export function RequirePermission(permission: Permission | typeof SIGNED_IN) {
  return applyDecorators(
    SetMetadata(REQUIRED_PERMISSION, permission),
    ApiExtension('x-required-permission', permission),
    ...(permission === SIGNED_IN
      ? []
      : [
          ApiResponse({
            status: 403,
            description: `Requires the ${permission} permission`,
            content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetailsDto' } } },
          }),
        ]),
  );
}
