import { ApiPropertyOptional } from '@nestjs/swagger';
import { IntersectionType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

/** Which entries: every filter given must match. */
export class AuditFilterQueryDto {
  /** Actor's email. */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  actor?: string;

  /** e.g. `deployment.deploy`, or a prefix ending in `.` such as `version.` */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  /** prompt, deployment, api_key, provider, user, environment… */
  @IsOptional()
  @IsString()
  @MaxLength(32)
  targetType?: string;

  /** A prompt name, `prompt@environment` for deployments, an id… */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  targetId?: string;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  /**
   * Successful sign-ins (`auth.login`) are left out unless this is true or `action` asks for
   * them; failed sign-ins (`auth.login_failed`) are always shown.
   */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeSignIns?: boolean;
}

export class ListAuditQueryDto extends IntersectionType(PageQueryDto, AuditFilterQueryDto) {}

export class AuditEntryDto {
  id!: number;

  actor!: string | null;

  action!: string;

  targetType!: string;

  targetId!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Before/after and other details' })
  summary!: Record<string, unknown>;

  ip!: string | null;

  createdAt!: Date;
}

export class AuditListResponseDto {
  items!: AuditEntryDto[];

  total!: number;

  page!: number;

  pageSize!: number;
}

/** One target (a prompt, a deployment, a key…) and the entries about it that the filter matches. */
export class AuditTargetDto {
  /** @example prompt */
  targetType!: string;

  /** @example welcome-email */
  targetId!: string;

  /** Entries about this target that the filter matches. */
  entries!: number;

  /** The newest of them; list them all with `GET /api/v1/audit?targetType=&targetId=`. */
  last!: AuditEntryDto;
}

export class AuditTargetListResponseDto {
  /** Targets, most recently changed first. */
  items!: AuditTargetDto[];

  /** Number of targets. */
  total!: number;

  page!: number;

  pageSize!: number;
}
