import { ApiProperty } from '@nestjs/swagger';
import { FLOW_ISSUE_KINDS, FlowIssueKind } from '@promptops/shared';
import { VersionSummaryDto } from '../../prompts/dto/version-response.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';
import { PromptResponseDto } from '../../prompts/dto/prompt-response.dto';
import { FlowDefinitionDto } from './flow-definition.dto';

export class FlowIssueDto {
  @ApiProperty({ enum: FLOW_ISSUE_KINDS, enumName: 'FlowIssueKind' })
  kind!: FlowIssueKind;

  /** The steps concerned; empty for the output or the whole definition. @example ["answer"] */
  steps!: string[];

  /** Where in the step. @example inputs.question */
  field?: string;

  /** @example Step "answer" reads steps.extrct, which is not a step of this flow */
  message!: string;
}

/** What the editor draws: a step and the steps it waits for. */
export class FlowStepGraphDto {
  id!: string;

  /** Steps whose output this step reads (its mappings and `when`). */
  dependsOn!: string[];

  /** The prompt version the step would run now, where it can be told (null when its environment serves none). */
  promptVersion!: number | null;

  /** Declared variables of the step's prompt, for the mapping editor. */
  variables!: VariableMetaDto[];
}

export class FlowValidationResponseDto {
  valid!: boolean;

  issues!: FlowIssueDto[];

  /** Steps in an order that runs each after those it depends on (empty when there is a cycle). */
  order!: string[];

  graph!: FlowStepGraphDto[];
}

export class FlowVersionResponseDto extends VersionSummaryDto {
  /** The flow's name. */
  flow!: string;

  inputs!: VariableMetaDto[];

  definition!: FlowDefinitionDto;

  graph!: FlowStepGraphDto[];
}

export class FlowResponseDto extends PromptResponseDto {
  latest!: FlowVersionResponseDto | null;
}
