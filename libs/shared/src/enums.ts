/** Lifecycle of a prompt version: drafts are edited into new versions, published ones are servable. */
export const VersionStatus = {
  DRAFT: 'draft',
  PUBLISHED: 'published',
  ARCHIVED: 'archived',
} as const;
export type VersionStatus = (typeof VersionStatus)[keyof typeof VersionStatus];
export const VERSION_STATUSES: readonly VersionStatus[] = Object.values(VersionStatus);

export const UserRole = {
  ADMIN: 'admin',
  PROMPT_ENGINEER: 'prompt_engineer',
  EDITOR: 'editor',
  VIEWER: 'viewer',
} as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];
export const USER_ROLES: readonly UserRole[] = Object.values(UserRole);

/** Declared type of a prompt variable; drives validation on the server and the form in the console. */
export const VariableType = {
  STRING: 'string',
  TEXT: 'text',
  INT: 'int',
  FLOAT: 'float',
  BOOL: 'bool',
  CHOICE: 'choice',
  JSON: 'json',
  LIST: 'list',
} as const;
export type VariableType = (typeof VariableType)[keyof typeof VariableType];
export const VARIABLE_TYPES: readonly VariableType[] = Object.values(VariableType);

/** What a console user may do; roles are fixed sets of these. */
export const Permission = {
  PROMPT_VIEW: 'prompt:view',
  PROMPT_EDIT: 'prompt:edit',
  PROMPT_PUBLISH: 'prompt:publish',
  PROMPT_DEBUG: 'prompt:debug',
  ADMIN_USERS: 'admin:users',
  ADMIN_KEYS: 'admin:keys',
  ADMIN_PROVIDERS: 'admin:providers',
} as const;
export type Permission = (typeof Permission)[keyof typeof Permission];
export const PERMISSIONS: readonly Permission[] = Object.values(Permission);

export const ROLE_PERMISSIONS: Record<UserRole, readonly Permission[]> = {
  admin: PERMISSIONS,
  prompt_engineer: ['prompt:view', 'prompt:edit', 'prompt:publish', 'prompt:debug'],
  editor: ['prompt:view', 'prompt:edit', 'prompt:debug'],
  viewer: ['prompt:view'],
};

export function roleHas(role: UserRole, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}
