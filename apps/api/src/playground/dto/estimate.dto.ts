import { RawJson } from '../../common/dto/raw-json.decorator';
import { ApiPropertyOptional } from '@nestjs/swagger';
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

  /** The most the answer may take; priced as if all were used. */
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

export class EstimateResponseDto {
  /** Tokens of the rendered input, chat framing included (o200k tokenizer). */
  promptTokens!: number;

  maxTokens!: number | null;

  /** Price used; null when the model's price is unknown. */
  price!: ModelPriceDto | null;

  /** Input tokens × input price + max tokens × output price; null when the price is unknown. */
  estimatedCostUsd!: number | null;

  renderedMessages!: RunMessageDto[];
}
