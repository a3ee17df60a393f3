import { ApiProperty } from '@nestjs/swagger';
import { RUN_ISSUE_CODES, RunIssueCode } from '@promptops/shared';

/** Why a version's model settings cannot run as they stand; rendering is unaffected. */
export class RunIssueDto {
  /**
   * `NO_MODEL` (no provider or model set: fine for render-only prompts), `UNKNOWN_PROVIDER`,
   * `PROVIDER_DISABLED`, `MODEL_NOT_OFFERED` (not in the provider's model list).
   */
  @ApiProperty({ enum: RUN_ISSUE_CODES, enumName: 'RunIssueCode' })
  code!: RunIssueCode;

  /** What is wrong and what to do, for people. @example Provider "openai" is disabled; enable it under Providers to run this version */
  message!: string;
}

/** Whether a version can be run on a model (run API, webhooks' run mode), checked now. */
export class RunReadinessDto {
  /** True when `runIssues` is empty: calling the model can work (it still may fail upstream). */
  runnable!: boolean;

  /** Empty when runnable. Publishing and deploying stay allowed either way. */
  runIssues!: RunIssueDto[];
}
