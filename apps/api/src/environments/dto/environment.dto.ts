import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class CreateEnvironmentDto {
  /** URL-safe name, e.g. a tenant or an A/B label. @example tenant-acme */
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    message: 'name must be lowercase letters, digits, ".", "_" and "-", at most 64 characters',
  })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Only published versions may be deployed to a protected environment. */
  @IsOptional()
  @IsBoolean()
  isProtected?: boolean;
}

export class UpdateEnvironmentDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  @IsOptional()
  @IsBoolean()
  isProtected?: boolean;
}

export class EnvironmentResponseDto {
  name!: string;

  description!: string | null;

  isProtected!: boolean;

  createdAt!: Date;
}
