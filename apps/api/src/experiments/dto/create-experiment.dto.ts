import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_REPETITIONS, PROMPT_NAME_PATTERN } from '@promptops/shared';
import { WholeNumber } from '../../common/dto/whole-number';
import { ModelConfigDto } from '../../prompts/dto/model-config.dto';
import { ScorerSpecDto } from '../../scorers/dto/scorer-spec.dto';

/**
 * One side of the comparison: a prompt version (or what an environment serves now, or the
 * latest version), on its own model or another: `provider`, `model` and parameters given here
 * override the version's model config.
 */
export class ExperimentVariantDto extends ModelConfigDto {
  /** @example support-reply */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN)
  prompt!: string;

  /** A version number; omit it to use `environment`'s deployed version, or else the latest. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Run what this environment serves now (pinned when the experiment is created). @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** Shown in the console; defaults to "v{version}" (plus the model when variants share a version). */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  label?: string;
}

/** What the candidate variant must achieve for a CI pipeline's gate to pass. */
export class ExperimentGateDto {
  /** The scorer the gate looks at. @example accuracy */
  @IsString()
  @MaxLength(60)
  scorer!: string;

  /** Index of the variant under test; default the last one. */
  @IsOptional()
  @IsInt()
  @Min(0)
  candidate?: number;

  /** Mean score at least this. @example 0.8 */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minMean?: number;

  /** Pass rate at least this. @example 0.9 */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1)
  minPassRate?: number;

  /** Not significantly worse (paired test, α = 0.05) than this variant, e.g. 0 = the deployed version. */
  @IsOptional()
  @IsInt()
  @Min(0)
  notWorseThan?: number;
}

export class CreateExperimentDto {
  /** @example Shorter answers, v2 vs v1 */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** The dataset's name. @example refund-questions */
  @IsString()
  @MaxLength(100)
  dataset!: string;

  /** The dataset version to pin; default the latest. */
  @IsOptional()
  @IsInt()
  @Min(1)
  datasetVersion?: number;

  /** 1 to 10 variants; the first is the baseline the others are compared with. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ExperimentVariantDto)
  variants!: ExperimentVariantDto[];

  /** How many times each item runs on each variant (1–20). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_REPETITIONS)
  repetitions: number = 1;

  /** 1 to 10 scorers, names unique. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ScorerSpecDto)
  scorers!: ScorerSpecDto[];

  /** Stop with status `budget_exceeded` once the model and judge calls have cost this much (USD). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  budgetUsd?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExperimentGateDto)
  gate?: ExperimentGateDto;
}

/** `POST /api/v1/experiments?wait=true`: answer once the experiment has ended (CI gates). */
export class CreateExperimentQueryDto {
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  wait?: boolean;

  /** How long `wait` may take before answering with the experiment as it is (default 600). */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  @Max(3600)
  waitSeconds?: number;
}

export class ResumeExperimentDto {
  /** A new budget (USD), e.g. to continue an experiment that stopped at its budget. */
  @IsOptional()
  @IsNumber()
  @Min(0)
  budgetUsd?: number;
}
