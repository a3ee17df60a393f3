import { ApiProperty } from '@nestjs/swagger';
import { PERMISSIONS, Permission, USER_ROLES, UserRole } from '@promptops/shared';

export class UserResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'admin@promptops.local' })
  email!: string;

  @ApiProperty({ example: 'Administrator' })
  name!: string;

  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' })
  role!: UserRole;
}

export class UserDetailResponseDto extends UserResponseDto {
  /** The id the calling systems use for this person (matched by `userId` / `X-PromptOps-User`). */
  externalId!: string | null;

  enabled!: boolean;

  /** Debug mode is on until then; null when off. */
  debugUntil!: Date | null;

  createdAt!: Date;

  updatedAt!: Date;
}

export class CurrentUserResponseDto extends UserDetailResponseDto {
  @ApiProperty({ enum: PERMISSIONS, enumName: 'Permission', isArray: true })
  permissions!: Permission[];
}

export class UserListResponseDto {
  items!: UserDetailResponseDto[];

  total!: number;
}

export class CreatedUserResponseDto extends UserDetailResponseDto {
  /** Set when PromptOps chose the password: shown once, hand it over securely. */
  temporaryPassword!: string | null;
}
