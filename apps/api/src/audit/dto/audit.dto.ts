import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto';

export class ListAuditQueryDto extends PageQueryDto {
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
}

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
