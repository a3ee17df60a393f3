import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { VARIABLE_TYPES, VariableType } from '@promptops/shared';
import { ANY_JSON_SCHEMA } from '../../common/openapi/any-json';

/** Declares one template variable: its type, whether it must be given, and a default. */
export class VariableMetaDto {
  /** Variable name as used in the template. @example topic */
  @IsString()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, { message: 'name must be a template identifier (letters, digits, _)' })
  name!: string;

  @IsIn(VARIABLE_TYPES, { message: `type must be one of: ${VARIABLE_TYPES.join(', ')}` })
  type!: VariableType;

  @IsOptional()
  @IsBoolean()
  required?: boolean;

  /** Used when the caller does not give the variable; must match `type`. */
  @ApiPropertyOptional({ description: 'Default value; must match `type`', ...ANY_JSON_SCHEMA })
  @IsOptional()
  default?: unknown;

  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;

  /** Allowed values, for `type: choice`. */
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @ArrayMaxSize(200)
  choices?: string[];
}
