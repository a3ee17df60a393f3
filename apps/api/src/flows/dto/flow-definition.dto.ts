import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  FLOW_ON_ERROR_MODES,
  FLOW_STEP_ID_PATTERN,
  FlowOnErrorMode,
  MAX_FLOW_CONCURRENCY,
  MAX_FLOW_STEP_RETRIES,
  MAX_FLOW_STEP_TIMEOUT_MS,
  MAX_FLOW_STEPS,
  PROMPT_NAME_PATTERN,
  PROMPT_NAME_RULE,
} from '@promptops/shared';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { MAX_TEMPLATE_LENGTH } from '../../prompts/prompts.constants';

/** Which version of a prompt a step runs. */
export class FlowPromptRefDto {
  /** The prompt's name. @example extract-facts */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `prompt.name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  /** What this environment serves; default: the environment the flow runs in. @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** A pinned version; wins over `environment`. @example 3 */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class FlowOnErrorDto {
  /** `fail` ends the flow with the step's error; `skip` goes on with the step's output null; `fallback` uses `value`. */
  @ApiProperty({ enum: FLOW_ON_ERROR_MODES, enumName: 'FlowOnErrorMode' })
  @IsIn(FLOW_ON_ERROR_MODES)
  mode!: FlowOnErrorMode;

  /** With `fallback`: the step's output when it fails. */
  @ApiPropertyOptional({ description: 'Any JSON value' })
  @IsOptional()
  value?: unknown;
}

export class FlowPositionDto {
  @IsNumber()
  x!: number;

  @IsNumber()
  y!: number;
}

export class FlowStepDto {
  /** Letters, digits and `_`, starting with a letter or `_`: how mappings name it (`steps.<id>.output`). @example extract */
  @IsString()
  @Matches(FLOW_STEP_ID_PATTERN, {
    message: 'step id must be letters, digits and _, not starting with a digit, at most 64',
  })
  id!: string;

  /** @example Extract the facts */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  label?: string;

  @ValidateNested()
  @Type(() => FlowPromptRefDto)
  prompt!: FlowPromptRefDto;

  /**
   * Each variable of the step's prompt ← a Jinja2 template over `inputs` and `steps`. A mapping
   * that is exactly one `{{ expression }}` keeps the value's type.
   * @example {"question": "{{ inputs.question }}", "facts": "{{ steps.extract.output }}"}
   */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  @IsObject()
  inputs!: Record<string, string>;

  /** A Jinja2 expression; the step is skipped when it is false. @example steps.classify.output.urgent */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  when?: string;

  /** Model and parameters instead of those of the step's prompt version. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ModelConfigDto)
  model?: ModelConfigDto;

  /** Per attempt; default 120000. */
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(MAX_FLOW_STEP_TIMEOUT_MS)
  timeoutMs?: number;

  /** Attempts after the first when the model call fails (default 0). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_FLOW_STEP_RETRIES)
  retries?: number;

  /** Default `{mode: "fail"}`. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FlowOnErrorDto)
  onError?: FlowOnErrorDto;

  /** Parse the output as JSON (a fenced ```json block is accepted) so later mappings can index it. */
  @IsOptional()
  @IsBoolean()
  parseJson?: boolean;

  /** Where the editor drew the step. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FlowPositionDto)
  position?: FlowPositionDto;
}

/** A flow version's steps and output. The flow's inputs are the version's `variablesMeta`. */
export class FlowDefinitionDto {
  @ValidateNested({ each: true })
  @Type(() => FlowStepDto)
  @ArrayMaxSize(MAX_FLOW_STEPS, { message: `a flow has at most ${MAX_FLOW_STEPS} steps` })
  steps!: FlowStepDto[];

  /** Jinja2 template of the flow's answer; one `{{ expression }}` keeps its type. @example {{ steps.answer.output }} */
  @IsDefined()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  output!: string;

  /** Steps under way at once; default 8. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_FLOW_CONCURRENCY)
  concurrency?: number;
}
