import { ApiProperty, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ALERT_COMPARATORS,
  ALERT_METRICS,
  ALERT_STATES,
  AlertComparator,
  AlertMetric,
  AlertState,
  PROMPT_NAME_PATTERN,
  PROMPT_NAME_RULE,
} from '@promptops/shared';

export class CreateAlertRuleDto {
  /** What the alert says it is about. @example Checkout errors */
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  /** The prompt (or flow) whose runs the rule watches. @example checkout-summary */
  @IsString()
  @Matches(PROMPT_NAME_PATTERN, { message: `prompt must be ${PROMPT_NAME_RULE}` })
  prompt!: string;

  /** Only runs in this environment; empty or left out: every environment together. @example prod */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  /**
   * `error_rate` (percent of calls that failed), `p95_latency_ms`, `cost_per_hour_usd` (the
   * window's cost scaled to an hour) or `requests` (calls in the window).
   */
  @ApiProperty({ enum: ALERT_METRICS, enumName: 'AlertMetric' })
  @IsIn(ALERT_METRICS, { message: `metric must be one of: ${ALERT_METRICS.join(', ')}` })
  metric!: AlertMetric;

  /** Fires while the value is above (`>`) or below (`<`) the threshold. Default `>`. */
  @ApiProperty({ enum: ALERT_COMPARATORS, enumName: 'AlertComparator', required: false })
  @IsOptional()
  @IsIn(ALERT_COMPARATORS, { message: 'comparator must be > or <' })
  comparator?: AlertComparator;

  /** In the metric's unit: percent, milliseconds, US dollars per hour or calls. @example 5 */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1e12)
  threshold!: number;

  /** How many minutes of runs each check looks at. Default 5. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  windowMinutes?: number;

  /** Error-rate and latency rules stay quiet on fewer calls than this in the window. Default 10. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  minRequests?: number;

  /**
   * Where posts go: a Slack (or Slack-compatible: Mattermost, Rocket.Chat, a relay) incoming
   * webhook URL. Write-only: stored encrypted and shown masked.
   * @example https://hooks.slack.com/services/T000/B000/XXXXXXXX
   */
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, allow_underscores: true },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  webhookUrl!: string;

  /** Disabled rules are not checked. Default true. */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** Fields left out stay as they are. */
export class UpdateAlertRuleDto extends PartialType(CreateAlertRuleDto) {}

export class AlertRuleResponseDto {
  id!: number;

  name!: string;

  prompt!: string;

  /** '' when the rule watches every environment. */
  environment!: string;

  @ApiProperty({ enum: ALERT_METRICS, enumName: 'AlertMetric' })
  metric!: AlertMetric;

  @ApiProperty({ enum: ALERT_COMPARATORS, enumName: 'AlertComparator' })
  comparator!: AlertComparator;

  threshold!: number;

  windowMinutes!: number;

  minRequests!: number;

  /** The webhook URL with its secret path masked. @example https://hooks.slack.com/…XXXX */
  webhookUrlMasked!: string;

  enabled!: boolean;

  @ApiProperty({ enum: ALERT_STATES, enumName: 'AlertState' })
  state!: AlertState;

  /** The value the last check measured (null: not enough calls, or not checked yet). */
  lastValue!: number | null;

  lastEvaluatedAt!: Date | null;

  /** When the rule last started or stopped firing. */
  stateChangedAt!: Date | null;

  createdAt!: Date;

  updatedAt!: Date;
}

export class AlertRuleListResponseDto {
  items!: AlertRuleResponseDto[];

  total!: number;
}
