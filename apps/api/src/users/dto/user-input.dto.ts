import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { USER_ROLES, UserRole } from '@promptops/shared';

const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class CreateUserDto {
  @Transform(lower)
  @IsEmail()
  @MaxLength(191)
  email!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsIn(USER_ROLES, { message: `role must be one of: ${USER_ROLES.join(', ')}` })
  role!: UserRole;

  /** The id your systems use for this person, e.g. in `userId` of the run API. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(191)
  externalId?: string;

  /** At least 10 characters; when left out, one is generated and returned once. */
  @IsOptional()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  password?: string;
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsIn(USER_ROLES, { message: `role must be one of: ${USER_ROLES.join(', ')}` })
  role?: UserRole;

  /** Empty string clears it. */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  externalId?: string;

  /** false disables the account: its sessions stop working at once. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class ChangePasswordDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  currentPassword!: string;

  @IsString()
  @MinLength(10)
  @MaxLength(200)
  newPassword!: string;
}

export class DebugModeDto {
  @IsBoolean()
  enabled!: boolean;

  /** How long debug mode stays on; it switches itself off afterwards. Default 8. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(72)
  hours?: number;
}
