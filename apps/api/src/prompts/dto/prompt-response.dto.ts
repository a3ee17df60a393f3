import { PROMPT_TYPES, PromptType, VERSION_STATUSES, VersionStatus } from '@promptops/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PromptDeprecationDto } from '../../retirement/dto/deprecation.dto';
import { VersionResponseDto } from './version-response.dto';

export class PromptResponseDto {
  id!: number;

  /** @example welcome-email */
  name!: string;

  /** A prompt, or a flow (its versions hold steps; run it with POST /api/v1/flows/{name}/execute). */
  @ApiProperty({ enum: PROMPT_TYPES, enumName: 'PromptType' })
  type!: PromptType;

  displayName!: string;

  description!: string | null;

  folder!: string | null;

  tags!: string[];

  /** False when the prompt is disabled (soft-deleted). */
  enabled!: boolean;

  /** Number of the latest version. */
  latestVersion!: number | null;

  @ApiProperty({ enum: VERSION_STATUSES, enumName: 'VersionStatus', nullable: true })
  latestStatus!: VersionStatus | null;

  createdBy!: string | null;

  createdAt!: Date;

  updatedAt!: Date;

  /** Set while the prompt is deprecated: its successor, sunset and what callers get after it. */
  @ApiPropertyOptional({ type: () => PromptDeprecationDto, nullable: true })
  deprecation!: PromptDeprecationDto | null;
}

export class PromptDetailResponseDto extends PromptResponseDto {
  @ApiPropertyOptional({ type: () => VersionResponseDto, nullable: true })
  latest!: VersionResponseDto | null;
}

/** Which version one environment serves. */
export class PromptDeploymentSummaryDto {
  /** @example prod */
  environment!: string;

  version!: number;
}

export class PromptListItemDto extends PromptResponseDto {
  /** The version each environment serves, in the order environments were created; empty when none. */
  deployments!: PromptDeploymentSummaryDto[];
}

export class PromptListResponseDto {
  items!: PromptListItemDto[];

  total!: number;

  page!: number;

  pageSize!: number;
}

/** A folder path with the number of prompts filed directly in it (not in its sub-folders). */
export class PromptFolderDto {
  /** @example support/billing */
  folder!: string;

  count!: number;
}
