import type { AlertComparator, AlertMetric, AlertState } from '@promptops/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Watches one prompt's runs (in one environment, or all) and posts to a webhook when it starts and stops firing. */
@Entity({ name: 'alert_rules' })
export class AlertRule {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'prompt_name', type: 'varchar', length: 100 })
  promptName!: string;

  /** '' watches every environment together. */
  @Column({ type: 'varchar', length: 64, default: '' })
  environment!: string;

  @Column({ type: 'varchar', length: 32 })
  metric!: AlertMetric;

  @Column({ type: 'varchar', length: 2 })
  comparator!: AlertComparator;

  @Column({ type: 'double precision' })
  threshold!: number;

  @Column({ name: 'window_minutes', type: 'integer', default: 5 })
  windowMinutes!: number;

  @Column({ name: 'min_requests', type: 'integer', default: 10 })
  minRequests!: number;

  /** `v1:iv:tag:ciphertext` (AES-256-GCM, base64); never leaves the server. */
  @Column({ name: 'webhook_url_encrypted', type: 'text' })
  webhookUrlEncrypted!: string;

  /** The URL with its path masked, to show. */
  @Column({ name: 'webhook_url_hint', type: 'varchar', length: 300 })
  webhookUrlHint!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'varchar', length: 8, default: 'ok' })
  state!: AlertState;

  @Column({ name: 'last_value', type: 'double precision', nullable: true })
  lastValue!: number | null;

  @Column({ name: 'last_evaluated_at', type: 'datetime', precision: 3, nullable: true })
  lastEvaluatedAt!: Date | null;

  @Column({ name: 'state_changed_at', type: 'datetime', precision: 3, nullable: true })
  stateChangedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
