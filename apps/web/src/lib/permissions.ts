import type { CurrentUserResponseDto, Permission, UserRole } from '@promptops/api-client';

export type { Permission, UserRole };

/** Roles from most to least powerful, the order the console offers them in. */
export const ROLES: UserRole[] = ['admin', 'prompt_engineer', 'editor', 'viewer'];

/**
 * The server decides (`permissions` of `GET /auth/me`); this only lets the console decide
 * before asking, and is true while the current user is still loading so nothing flickers off.
 */
export function hasPermission(user: CurrentUserResponseDto | undefined, permission: Permission): boolean {
  return user === undefined || user.permissions.includes(permission);
}
