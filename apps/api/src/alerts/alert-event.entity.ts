import type { AlertDeliveryStatus, AlertEventKind } from '@promptops/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One post (or attempted post) of the alert history: a rule fired or resolved, a guardrail tripped, a test. */
@Entity({ name: 'alert_events' })
export class AlertEvent {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** The rule whose webhook was posted to; null for a guardrail event no rule matched. */
  @Column({ name: 'rule_id', type: 'integer', nullable: true })
  ruleId!: number | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: AlertEventKind;

  @Column({ name: 'prompt_name', type: 'varchar', length: 100 })
  promptName!: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  environment!: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  metric!: string | null;

  @Column({ type: 'double precision', nullable: true })
  value!: number | null;

  @Column({ type: 'double precision', nullable: true })
  threshold!: number | null;

  @Column({ type: 'text' })
  message!: string;

  @Column({ name: 'delivery_status', type: 'varchar', length: 16 })
  deliveryStatus!: AlertDeliveryStatus;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus!: number | null;

  @Column({ name: 'delivery_error', type: 'varchar', length: 500, nullable: true })
  deliveryError!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
