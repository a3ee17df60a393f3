import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** The editable, descriptive part of a prompt (not its name, which callers depend on). */
export class PromptMetadataDto {
  /** Human-readable title. @example Welcome email */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** Slash-separated folder. @example marketing/emails */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\\]*$/, { message: 'folder uses "/" as separator' })
  folder?: string;

  /** @example ["email", "onboarding"] */
  @IsOptional()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @ArrayMaxSize(20)
  tags?: string[];
}
