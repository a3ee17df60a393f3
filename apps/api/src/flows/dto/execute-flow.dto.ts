import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class ExecuteFlowDto {
  /** The flow's inputs. @example {"question": "Where is my order 1234?"} */
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;

  /** Whose deployment to run; default: the API key's environment, else prod. @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /** A published flow version instead of the deployment. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Answer as server-sent events: `flow.started`, `step.started`, `step.delta`, `step.completed`, `step.skipped`, `step.failed`, then `flow.completed` or `flow.failed`. */
  @IsOptional()
  @IsBoolean()
  stream?: boolean;

  /**
   * `queue`: answer 202 with the flow run's id at once and run it as a job (on a worker when
   * Redis is configured); read the outcome from GET /api/v1/runs/{id}.
   */
  @ApiPropertyOptional({ enum: ['wait', 'queue'], default: 'wait' })
  @IsOptional()
  @IsIn(['wait', 'queue'])
  mode?: 'wait' | 'queue';

  /** The end user the run is for (debug mode serves them drafts when their key allows it). */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  userId?: string;

  /** What keeps this caller on one arm of a rollout when it is not your end user. */
  @IsOptional()
  @IsString()
  @MaxLength(191)
  subjectKey?: string;
}

/** The console's test panel: a flow version (a draft too) run with inputs. */
export class TestFlowDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  inputs?: Record<string, unknown>;

  /** Default: the latest version. */
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;

  /** Where steps that name no environment get their prompt versions; default prod. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  @IsOptional()
  @IsBoolean()
  stream?: boolean;
}
