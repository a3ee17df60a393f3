import { CALLERS_MAX_DAYS, RUN_SOURCES, RunSource } from '@promptops/shared';
import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { WholeNumber } from '../../common/dto/whole-number';

export class CallersQueryDto {
  /** How many days back to look (1–90). */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  @Max(CALLERS_MAX_DAYS)
  days: number = 7;
}

/** An API key that called the prompt: who to tell before the sunset. Never the secret. */
export class CallerApiKeyDto {
  id!: number;

  name!: string;

  /** The public start of the key, to recognise it. @example po_3kf9Qw2LmZx1 */
  prefix!: string;

  /** The environment the key is restricted to, if any. */
  environment!: string | null;

  revoked!: boolean;

  calls!: number;

  lastCallAt!: Date;

  /** Which paths it called through: `api` (run API), `flow` (as a step of a flow it ran)… */
  @ApiProperty({ enum: RUN_SOURCES, enumName: 'RunSource', isArray: true })
  sources!: RunSource[];
}

export class CallersResponseDto {
  prompt!: string;

  days!: number;

  /** The start of the window. */
  since!: Date;

  /** Every logged call in the window. */
  totalCalls!: number;

  /** The API keys that called it, most calls first. */
  apiKeys!: CallerApiKeyDto[];

  /** Calls through the prompt's webhooks (deployment secrets, no API key). */
  webhookCalls!: number;

  /** Calls by console users: the Playground and the run API with a session. */
  consoleCalls!: number;

  /** Everything else without an API key: experiments, flow runs started from the console. */
  otherCalls!: number;
}
