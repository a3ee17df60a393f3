import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ALERT_DELIVERY_STATUSES, ALERT_EVENT_KINDS, AlertDeliveryStatus, AlertEventKind } from '@promptops/shared';
import { PageQueryDto } from '../../common/dto/page-query.dto';
import { WholeNumber } from '../../common/dto/whole-number';

/** The alert history, newest first. */
export class ListAlertEventsQueryDto extends PageQueryDto {
  /** Only events about this prompt. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  prompt?: string;

  /** Only events of this rule. */
  @IsOptional()
  @WholeNumber()
  @IsInt()
  @Min(1)
  ruleId?: number;
}

/** How a post to a webhook went. */
export class AlertDeliveryResponseDto {
  @ApiProperty({ enum: ALERT_DELIVERY_STATUSES, enumName: 'AlertDeliveryStatus' })
  deliveryStatus!: AlertDeliveryStatus;

  /** The webhook's HTTP status, when it answered. */
  httpStatus!: number | null;

  /** Why it was not delivered (timeout, refused connection, a redirect, an error status). */
  deliveryError!: string | null;
}

export class AlertEventResponseDto extends AlertDeliveryResponseDto {
  id!: number;

  /** The rule posted for; null for a guardrail event that no rule matched. */
  ruleId!: number | null;

  @ApiProperty({ enum: ALERT_EVENT_KINDS, enumName: 'AlertEventKind' })
  kind!: AlertEventKind;

  prompt!: string;

  environment!: string;

  metric!: string | null;

  value!: number | null;

  threshold!: number | null;

  /** What the post said. */
  message!: string;

  createdAt!: Date;
}

export class AlertEventListResponseDto {
  items!: AlertEventResponseDto[];

  total!: number;

  page!: number;

  pageSize!: number;
}
