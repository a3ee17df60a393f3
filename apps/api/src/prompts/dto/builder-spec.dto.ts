import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BUILDER_PROFILES, type BuilderProfile } from '@promptops/templating';
import { MAX_TEMPLATE_LENGTH } from '../prompts.constants';
import { VariableMetaDto } from './variable-meta.dto';

export class BuilderOutputFormatDto {
  /** `text`: free-text instructions; `json_schema`: the answer must be JSON valid against `schema`. */
  @ApiProperty({ enum: ['text', 'json_schema'] })
  @IsIn(['text', 'json_schema'])
  kind!: 'text' | 'json_schema';

  /** For `kind: text`: how to answer (Jinja2). */
  @ValidateIf((o: BuilderOutputFormatDto) => o.kind === 'text')
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  text?: string;

  /** For `kind: json_schema`: a JSON Schema (checked against the draft 2020-12 meta-schema). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @ValidateIf((o: BuilderOutputFormatDto) => o.kind === 'json_schema')
  @IsObject()
  schema?: Record<string, unknown>;
}

export class BuilderExampleDto {
  /** Values of the declared variables for this example (literal text, not Jinja). */
  @ApiProperty({ type: 'object', additionalProperties: true, example: { question: 'Where is my invoice?' } })
  @IsObject()
  input!: Record<string, unknown>;

  /** The expected answer (literal text). */
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  output!: string;
}

export class BuilderDatasetRefDto {
  @IsString()
  @MaxLength(100)
  name!: string;

  @IsInt()
  @Min(1)
  version!: number;
}

/**
 * A version written in builder mode. Text fields are Jinja2 (`{{ name }}`); the server compiles
 * the version's template (or chat messages) from it. See docs/builder.md.
 */
export class BuilderSpecDto {
  /** Who the model is; a chat version's system message. @example You are a support agent for {{ product }}. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  role?: string;

  /** What to do. @example Answer the question: {{ question }} */
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_TEMPLATE_LENGTH)
  @Matches(/\S/, { message: 'task must not be blank' })
  task!: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  context?: string;

  @IsArray()
  @IsString({ each: true })
  @MaxLength(10_000, { each: true })
  @ArrayMaxSize(100)
  constraints!: string[];

  @ValidateNested()
  @Type(() => BuilderOutputFormatDto)
  outputFormat!: BuilderOutputFormatDto;

  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => BuilderExampleDto)
  examples!: BuilderExampleDto[];

  /** The dataset version the examples were picked from, kept for provenance. */
  @IsOptional()
  @ValidateNested()
  @Type(() => BuilderDatasetRefDto)
  datasetRef?: BuilderDatasetRefDto;

  /** Typed declarations; they become the version's `variablesMeta`. */
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  variables!: VariableMetaDto[];

  /** `markdown`: `## Task` sections; `xml`: `<task>…</task>` tagged sections. */
  @ApiProperty({ enum: BUILDER_PROFILES, enumName: 'BuilderProfile' })
  @IsIn(BUILDER_PROFILES)
  profile!: BuilderProfile;
}
