import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' })
  field!: string;

  @ApiProperty({ example: 'name must be lowercase letters, digits, ".", "_" and "-"' })
  message!: string;

  @ApiPropertyOptional({
    example: 'maxLength',
    description:
      'Stable name of what failed, to translate by: a validation check (`isDefined` for a missing field, ' +
      '`whitelistValidation` for an unexpected one, `isNotEmpty`, `maxLength`, `matches`, `isIn`, `isInt`, `min`, ' +
      '`max`…, as class-validator names them) or an error code such as `MISSING_VARIABLE`',
  })
  code?: string;
}

/** RFC 9457 problem details, the body of every error answer. */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'https://promptops.dev/problems/prompt-not-found' })
  type!: string;

  @ApiProperty({ example: 'Not Found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiProperty({ example: 'Prompt "welcome-email" does not exist' })
  detail!: string;

  @ApiProperty({ example: 'PROMPT_NOT_FOUND', description: 'Stable machine-readable code' })
  code!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ example: '/api/v1/prompts/welcome-email' })
  instance?: string;

  @ApiPropertyOptional({
    example: 'Missing variable: {{topic}}',
    description: 'Webhook answers only: `detail` again, as a flat field no-code tools can map',
  })
  error?: string;
}
