import { RawJson } from '../../common/dto/raw-json.decorator';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ChatMessageDto } from '../../prompts/dto/create-version.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';
import { MAX_TEMPLATE_LENGTH } from '../../prompts/prompts.constants';
import { RunMessageDto } from '../../runs/dto/run-response.dto';

/** A saved version (`prompt` and `version`) or unsaved editor content (`template` or `messages`). */
export class EstimateDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages?: ChatMessageDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  variablesMeta?: VariableMetaDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { topic: 'autumn' } })
  @IsOptional()
  @IsObject()
  @RawJson()
  variables?: Record<string, unknown>;

  /** Prices come from this provider's model settings when given, else from the built-in table. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  provider?: string;

  /** @example gpt-4o-mini */
  @IsString()
  @MaxLength(200)
  model!: string;

  /**
   * The most the answer may take; priced as if all were used. Unset: the saved version's
   * max tokens, else the model's output limit.
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000000)
  maxTokens?: number;
}

export class ModelPriceDto {
  /** US dollars per million input tokens. */
  inputPerMTok!: number;

  /** US dollars per million output tokens. */
  outputPerMTok!: number;
}

export const MAX_OUTPUT_SOURCES = ['request', 'version', 'modelLimit'] as const;
export type MaxOutputSource = (typeof MAX_OUTPUT_SOURCES)[number];

/**
 * What a run can cost at most: the input as rendered, and the answer at its longest. The
 * longest answer is the call's max tokens (given here, else the saved version's), else the
 * model's documented output limit; when none is known the cost has no upper bound (nulls).
 */
export class EstimateResponseDto {
  /** Tokens of the rendered input, chat framing included (o200k tokenizer). */
  promptTokens!: number;

  /** The max tokens the call sets (given here, else the saved version's); null when unset. */
  maxTokens!: number | null;

  /** The most output tokens the bound counts: `maxTokens`, else the model's output limit; null when neither is known. */
  maxOutputTokens!: number | null;

  /** Where `maxOutputTokens` comes from: this request, the saved version's settings, or the model's output limit; null when unknown. */
  @ApiProperty({ enum: MAX_OUTPUT_SOURCES, enumName: 'MaxOutputSource', nullable: true })
  maxOutputTokensSource!: MaxOutputSource | null;

  /** Price used; null when the model's price is unknown. */
  price!: ModelPriceDto | null;

  /** Input tokens × input price; null when the price is unknown. */
  inputCostUsd!: number | null;

  /** `maxOutputTokens` × output price: the most the answer can cost; null when the price or the output limit is unknown. */
  outputCostMaxUsd!: number | null;

  /** `inputCostUsd` + `outputCostMaxUsd`: the most the run can cost; null when either is unknown. */
  totalCostMaxUsd!: number | null;

  /** The same as `totalCostMaxUsd` (kept for existing clients): a true upper bound, or null. */
  estimatedCostUsd!: number | null;

  renderedMessages!: RunMessageDto[];
}
