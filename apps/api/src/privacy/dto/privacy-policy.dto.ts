import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PII_ACTIONS, type PiiAction } from '@promptops/shared';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { POLICY_LEVELS, type PolicyLevel } from '../policy-redaction';

const ENTITY_NAME = /^[A-Z][A-Z0-9_]{0,47}$/;

export class CustomRecognizerDto {
  /** Upper-case entity name, used in placeholders (`<EMPLOYEE_ID_1>`). @example EMPLOYEE_ID */
  @IsString()
  @Matches(ENTITY_NAME, { message: 'name must be upper-case letters, digits and "_", starting with a letter' })
  name!: string;

  /** A regular expression (RE2 syntax: no backreferences or lookaround), matched case-sensitively. @example E-\d{6} */
  @IsString()
  @MaxLength(500)
  pattern!: string;

  /** A match counts only with one of these words nearby. @example ["employee", "工号"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  contextWords?: string[];

  /** How far (characters) to look for a context word. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  contextWindow?: number;
}

export class PutPrivacyPolicyDto {
  /** Per entity type: `off`, `mask`, `tokenize` or `block`; a type left out inherits from the less specific level. */
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', enum: [...PII_ACTIONS] },
    example: { EMAIL: 'mask', PHONE: 'tokenize' },
  })
  @IsObject()
  entities!: Record<string, PiiAction>;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CustomRecognizerDto)
  custom?: CustomRecognizerDto[];
}

export class PrivacyPolicyResponseDto {
  @ApiProperty({ enum: POLICY_LEVELS })
  scope!: PolicyLevel;

  /** The environment or prompt it belongs to; null for the instance default. */
  target!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...PII_ACTIONS] } })
  entities!: Record<string, PiiAction>;

  custom!: CustomRecognizerDto[];

  /** Null when the policy has never been set (it is empty: everything inherits). */
  updatedAt!: Date | null;
}

export class EffectivePrivacyQueryDto {
  /** The environment the prompt is served from; without it, the prompt's policy over the default. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;
}

export class EffectivePrivacyPolicyDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...PII_ACTIONS] } })
  entities!: Record<string, PiiAction>;

  custom!: CustomRecognizerDto[];

  /** Which level each entity type's action comes from. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', enum: [...POLICY_LEVELS] } })
  sources!: Record<string, PolicyLevel>;

  @ApiPropertyOptional({ nullable: true })
  environment!: string | null;
}
