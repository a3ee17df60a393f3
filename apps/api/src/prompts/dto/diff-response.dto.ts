import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON_SCHEMA } from '../../common/openapi/any-json';

export class DiffLineDto {
  @ApiProperty({ enum: ['context', 'added', 'removed'] })
  type!: 'context' | 'added' | 'removed';

  text!: string;

  /** Line number in the `from` template (absent for added lines). */
  oldLine?: number;

  /** Line number in the `to` template (absent for removed lines). */
  newLine?: number;
}

export class TemplateDiffDto {
  /** Every line of both templates, in order, marked as context, added or removed. */
  lines!: DiffLineDto[];

  /** The same change as a unified diff. */
  unified!: string;

  added!: number;

  removed!: number;
}

export class ValueChangeDto {
  /** Variable name or model setting. */
  name!: string;

  @ApiPropertyOptional({ description: 'Value in `from` (absent when added)', ...ANY_JSON_SCHEMA })
  from?: unknown;

  @ApiPropertyOptional({ description: 'Value in `to` (absent when removed)', ...ANY_JSON_SCHEMA })
  to?: unknown;

  @ApiProperty({ enum: ['added', 'removed', 'changed'] })
  change!: 'added' | 'removed' | 'changed';
}

export class DiffResponseDto {
  from!: number;

  to!: number;

  template!: TemplateDiffDto;

  variables!: ValueChangeDto[];

  modelConfig!: ValueChangeDto[];

  /**
   * Builder spec changes field by field (`role`, `task`, `constraints`, `outputFormat`,
   * `examples`, `variables`, `profile`…); `mode` when one side is written in code.
   */
  builderSpec!: ValueChangeDto[];
}
