import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import {
  ROLLOUT_STICKY_KEYS,
  RolloutStickyKey,
  VERSION_KINDS,
  VERSION_STATUSES,
  VersionKind,
  VersionStatus,
} from '@promptops/shared';
import { FlowDefinitionDto } from '../../flows/dto/flow-definition.dto';
import { ChatMessageDto } from '../../prompts/dto/create-version.dto';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';

export class ResolvedQueryDto {
  /** Defaults to the API key's environment, else prod. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;
}

/** A rollout running on the deployment: the server picks each request's arm. */
export class ResolvedRolloutDto {
  id!: number;

  @ApiProperty({ enum: ROLLOUT_STICKY_KEYS, enumName: 'RolloutStickyKey' })
  stickyKey!: RolloutStickyKey;
}

/** Everything a client needs to render a prompt itself, e.g. with its own Jinja2. */
export class ResolvedPromptDto {
  prompt!: string;

  environment!: string | null;

  version!: number;

  @ApiProperty({ enum: VERSION_STATUSES, enumName: 'VersionStatus' })
  status!: VersionStatus;

  @ApiProperty({ enum: VERSION_KINDS, enumName: 'VersionKind' })
  kind!: VersionKind;

  template!: string;

  messages!: ChatMessageDto[] | null;

  /** A flow version's steps and output; null for a prompt. */
  @ApiPropertyOptional({ type: () => FlowDefinitionDto, nullable: true })
  flow!: FlowDefinitionDto | null;

  variablesMeta!: VariableMetaDto[];

  modelConfig!: ModelConfigDto;

  /**
   * A rollout running on this deployment, else null. The version above is its baseline; which
   * arm a request gets is decided by the server, so a caching client renders such a prompt
   * there (POST …/render or the run API) rather than from its copy.
   */
  @ApiProperty({ type: () => ResolvedRolloutDto, nullable: true })
  rollout!: ResolvedRolloutDto | null;

  /**
   * Whether end users this caller names (`userId`, `X-PromptOps-User`) may get drafts in debug
   * mode: if so, a caching client renders calls naming a user on the server.
   */
  serveDebugDrafts!: boolean;
}
