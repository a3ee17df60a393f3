import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { VERSION_KINDS, VERSION_STATUSES, VersionKind, VersionStatus } from '@promptops/shared';
import { FlowDefinitionDto } from '../../flows/dto/flow-definition.dto';
import { RunIssueDto } from '../../providers/dto/run-issue.dto';
import { BuilderSpecDto } from './builder-spec.dto';
import { ChatMessageDto } from './create-version.dto';
import { ModelConfigDto } from './model-config.dto';
import { VariableMetaDto } from './variable-meta.dto';

export class VersionSummaryDto {
  /** @example 3 */
  version!: number;

  @ApiProperty({ enum: VERSION_STATUSES, enumName: 'VersionStatus' })
  status!: VersionStatus;

  /** The version that editors and callers without an environment get. */
  isLatest!: boolean;

  comment!: string | null;

  /** Set when this version was cloned from another. */
  clonedFromVersion!: number | null;

  /** Email of the author, if the account still exists. */
  createdBy!: string | null;

  createdAt!: Date;

  /** When the status or latest flag last changed. */
  updatedAt!: Date;

  /**
   * Whether the version can run on a model now (run API, webhooks): false when modelConfig
   * names no model, an unknown or disabled provider, or a model the provider does not list.
   * Publishing and deploying stay allowed (render-only prompts have no model); warn first.
   */
  runnable!: boolean;

  /** Why it cannot run; empty when `runnable`. */
  runIssues!: RunIssueDto[];
}

export class VersionResponseDto extends VersionSummaryDto {
  /** Name of the prompt this version belongs to. */
  prompt!: string;

  /** `text` or `chat` for a prompt's versions, `flow` for a flow's. */
  @ApiProperty({ enum: VERSION_KINDS, enumName: 'VersionKind' })
  kind!: VersionKind;

  /**
   * The template; for a chat version, its messages in promptflow form (`# role:` lines); for a
   * flow version, its definition as indented JSON (what diffs compare).
   */
  template!: string;

  /** The messages of a chat version; null for a text version. */
  messages!: ChatMessageDto[] | null;

  /** The steps and output of a flow version; null for a prompt's versions. */
  @ApiPropertyOptional({ type: () => FlowDefinitionDto, nullable: true })
  flow!: FlowDefinitionDto | null;

  /** The spec of a version written in builder mode (its template is compiled from it); null for code. */
  @ApiPropertyOptional({ type: () => BuilderSpecDto, nullable: true })
  builderSpec!: BuilderSpecDto | null;

  /** The variables of a prompt version, the inputs of a flow version. */
  variablesMeta!: VariableMetaDto[];

  modelConfig!: ModelConfigDto;
}

export class VersionListResponseDto {
  items!: VersionSummaryDto[];

  total!: number;
}
