import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { BASE_URL_PATTERN, CreateProviderDto } from './create-provider.dto';

/** Fields left out stay as they are; `null` clears the base URL or the API key. */
export class UpdateProviderDto extends PartialType(
  OmitType(CreateProviderDto, ['name', 'baseUrl', 'apiKey'] as const),
) {
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdateProviderDto) => o.baseUrl !== null)
  @Matches(BASE_URL_PATTERN, { message: 'baseUrl must be an http(s) URL' })
  @MaxLength(500)
  baseUrl?: string | null;

  /** A new key replaces the stored one; `null` removes it. Write-only. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((o: UpdateProviderDto) => o.apiKey !== null)
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  apiKey?: string | null;
}
