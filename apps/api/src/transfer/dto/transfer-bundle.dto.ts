import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  PROMPT_NAME_PATTERN,
  PROMPT_NAME_RULE,
  PROMPT_TYPES,
  PROVIDER_KINDS,
  TRANSFER_FORMAT,
  VERSION_KINDS,
  VERSION_STATUSES,
} from '@promptops/shared';
import type {
  PromptType,
  ProviderKind,
  TransferDeployment,
  TransferEnvironment,
  TransferPrompt,
  TransferVersion,
  VersionKind,
  VersionStatus,
} from '@promptops/shared';
import { DatasetItemInputDto } from '../../datasets/dto/dataset-item-input.dto';
import { FlowDefinitionDto } from '../../flows/dto/flow-definition.dto';
import { ChatMessageDto } from '../../prompts/dto/create-version.dto';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { VariableMetaDto } from '../../prompts/dto/variable-meta.dto';
import { MAX_TEMPLATE_LENGTH } from '../../prompts/prompts.constants';
import { ProviderModelDto } from '../../providers/dto/provider-model.dto';

/** Present and not null: the members a bundle may write as `null` are checked only then. */
const given = (key: string) => (o: object) => (o as Record<string, unknown>)[key] != null;

const ENVIRONMENT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const ENVIRONMENT_NAME_RULE = 'lowercase letters, digits, ".", "_" and "-", at most 64 characters';

export class TransferEnvironmentDto implements TransferEnvironment {
  /** @example staging */
  @IsString()
  @Matches(ENVIRONMENT_NAME, { message: `name must be ${ENVIRONMENT_NAME_RULE}` })
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ValidateIf(given('description'))
  @IsString()
  @MaxLength(500)
  description?: string | null;

  @IsOptional()
  @IsBoolean()
  isProtected?: boolean;
}

export class TransferProviderDto {
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  @ApiProperty({ enum: PROVIDER_KINDS, enumName: 'ProviderKind' })
  @IsIn(PROVIDER_KINDS, { message: `kind must be one of: ${PROVIDER_KINDS.join(', ')}` })
  kind!: ProviderKind;

  @ValidateIf(given('baseUrl'))
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'baseUrl must be an http(s) URL' })
  @MaxLength(500)
  baseUrl?: string | null;

  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ProviderModelDto)
  models!: ProviderModelDto[];
}

export class TransferVersionDto implements TransferVersion {
  /** The number where it came from; absent on a version written by hand (created as the next one). */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  @ApiProperty({ enum: VERSION_STATUSES, enumName: 'VersionStatus' })
  @IsIn(VERSION_STATUSES, { message: `status must be one of: ${VERSION_STATUSES.join(', ')}` })
  status!: VersionStatus;

  @ApiProperty({ enum: VERSION_KINDS, enumName: 'VersionKind' })
  @IsIn(VERSION_KINDS, { message: `kind must be one of: ${VERSION_KINDS.join(', ')}` })
  kind!: VersionKind;

  /** A text version's template; for chat and flow versions the text derived from their messages or definition. */
  @IsString()
  @MaxLength(MAX_TEMPLATE_LENGTH)
  template!: string;

  @ValidateIf(given('messages'))
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ChatMessageDto)
  messages?: ChatMessageDto[] | null;

  @ValidateIf(given('flow'))
  @ValidateNested()
  @Type(() => FlowDefinitionDto)
  flow?: FlowDefinitionDto | null;

  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VariableMetaDto)
  variablesMeta!: VariableMetaDto[];

  @ValidateNested()
  @Type(() => ModelConfigDto)
  modelConfig!: ModelConfigDto;

  @ValidateIf(given('comment'))
  @IsString()
  @MaxLength(1000)
  comment?: string | null;

  /** Written by export; an import recomputes it and ignores this. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  hash?: string;
}

export class TransferDeploymentDto implements TransferDeployment {
  @IsString()
  @Matches(ENVIRONMENT_NAME, { message: `environment must be ${ENVIRONMENT_NAME_RULE}` })
  environment!: string;

  /** The version number as in the bundle's `versions`. */
  @IsInt()
  @Min(1)
  version!: number;
}

export class TransferPromptDto implements TransferPrompt {
  /** @example welcome-email */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  @ApiProperty({ enum: PROMPT_TYPES, enumName: 'PromptType' })
  @IsIn(PROMPT_TYPES, { message: `type must be one of: ${PROMPT_TYPES.join(', ')}` })
  type!: PromptType;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName!: string;

  @ValidateIf(given('description'))
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @ValidateIf(given('folder'))
  @IsString()
  @MaxLength(200)
  @Matches(/^[^\\]*$/, { message: 'folder uses "/" as separator' })
  folder?: string | null;

  @IsOptional()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(50, { each: true })
  @ArrayMaxSize(20)
  tags?: string[];

  /** Oldest first. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => TransferVersionDto)
  versions!: TransferVersionDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TransferDeploymentDto)
  deployments?: TransferDeploymentDto[];
}

export class TransferDatasetDto {
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `name must be ${PROMPT_NAME_RULE}` })
  name!: string;

  @ValidateIf(given('description'))
  @IsString()
  @MaxLength(5000)
  description?: string | null;

  @IsArray()
  @ArrayMaxSize(100_000)
  @ValidateNested({ each: true })
  @Type(() => DatasetItemInputDto)
  items!: DatasetItemInputDto[];
}

/** Prompts (and flows) with their versions and deployments, environments, keyless providers and datasets. */
export class TransferBundleDto {
  @ApiProperty({ enum: [TRANSFER_FORMAT] })
  @IsIn([TRANSFER_FORMAT], { message: `format must be "${TRANSFER_FORMAT}"` })
  format!: typeof TRANSFER_FORMAT;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  exportedAt?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TransferEnvironmentDto)
  environments?: TransferEnvironmentDto[];

  /** Never with API keys. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TransferProviderDto)
  providers?: TransferProviderDto[];

  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => TransferPromptDto)
  prompts!: TransferPromptDto[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TransferDatasetDto)
  datasets?: TransferDatasetDto[];
}

export const IMPORT_DEPLOYMENT_MODES = ['new-prompts', 'all', 'none'] as const;

export class ImportRequestDto {
  @ValidateNested()
  @Type(() => TransferBundleDto)
  bundle!: TransferBundleDto;

  /** Report what would change and write nothing. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;

  /** Publish the versions this import creates from drafts in the bundle. */
  @IsOptional()
  @IsBoolean()
  publish?: boolean;

  /** Which bundle deployments to apply: on prompts this import creates (default), on all, or none. */
  @ApiPropertyOptional({ enum: IMPORT_DEPLOYMENT_MODES })
  @IsOptional()
  @IsIn(IMPORT_DEPLOYMENT_MODES)
  deployments?: (typeof IMPORT_DEPLOYMENT_MODES)[number];
}
