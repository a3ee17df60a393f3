import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '@promptops/shared';

export class CreateApiKeyDto {
  /** Who or what uses the key. @example billing-service */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['run', 'render'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(API_KEY_SCOPES, { each: true, message: `each scope must be one of: ${API_KEY_SCOPES.join(', ')}` })
  scopes!: ApiKeyScope[];

  /** Restrict the key to one environment. @example prod */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'environment must be an environment name' })
  environment?: string;

  /**
   * Serve drafts to end users in debug mode whom this key's caller names (`userId`,
   * `X-PromptOps-User`). Only for a backend you trust to name its signed-in users truthfully.
   * Default false.
   */
  @IsOptional()
  @IsBoolean()
  serveDebugDrafts?: boolean;

  /** Requests per minute this key may make, across all replicas. @example 600 */
  @IsDefined({ message: 'rateLimitPerMinute is missing: send the requests per minute this key may make, 1 to 1000000' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  rateLimitPerMinute!: number;
}

export class ApiKeyResponseDto {
  id!: number;

  name!: string;

  /** The public start of the key, to recognise it. @example po_3kf9Qw2LmZx1 */
  prefix!: string;

  last4!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes!: ApiKeyScope[];

  environment!: string | null;

  serveDebugDrafts!: boolean;

  rateLimitPerMinute!: number;

  createdAt!: Date;

  lastUsedAt!: Date | null;

  revokedAt!: Date | null;
}

export class CreatedApiKeyResponseDto extends ApiKeyResponseDto {
  /** The secret key. Shown once: store it now, it cannot be retrieved again. */
  key!: string;
}

/** The key a call is made with, as a script or the CLI sees it: never its secret. */
export class CurrentApiKeyResponseDto {
  name!: string;

  /** The public start of the key, to recognise it. @example po_3kf9Qw2LmZx1 */
  prefix!: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes!: ApiKeyScope[];

  /** The one environment the key may serve, deploy to and read; null for all. */
  environment!: string | null;

  serveDebugDrafts!: boolean;

  rateLimitPerMinute!: number;
}
