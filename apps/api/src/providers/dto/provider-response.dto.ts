import { ApiProperty } from '@nestjs/swagger';
import { PROVIDER_KINDS, ProviderKind } from '@promptops/shared';
import { ProviderModelDto } from './provider-model.dto';

export class ProviderResponseDto {
  /** @example openai */
  name!: string;

  @ApiProperty({ enum: PROVIDER_KINDS, enumName: 'ProviderKind' })
  kind!: ProviderKind;

  baseUrl!: string | null;

  /** The last four characters of the stored API key, or null when there is none. @example 3xYz */
  apiKeyLast4!: string | null;

  models!: ProviderModelDto[];

  enabled!: boolean;

  createdAt!: Date;

  updatedAt!: Date;
}

export class ProviderListResponseDto {
  items!: ProviderResponseDto[];

  total!: number;
}

export class ProviderTestResponseDto {
  /** True when the provider answered. */
  ok!: boolean;

  /** The model that answered a one-token completion, when one was tried. */
  model!: string | null;

  /** The provider's models, when the connection was tested by listing them. */
  models!: string[] | null;

  latencyMs!: number;
}
