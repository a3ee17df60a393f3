import type { PiiAction } from '@promptops/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer } from '../database/json.transformer';
import type { CustomRecognizer } from './engine/redaction-engine';
import type { PolicyLevel } from './policy-redaction';

/** One level's redaction policy: the instance default, an environment's or a prompt's. */
@Entity({ name: 'privacy_policies' })
export class PrivacyPolicy {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  scope!: PolicyLevel;

  /** '' unless the scope is `prompt`. */
  @Column({ name: 'prompt_name', type: 'varchar', length: 100, default: '' })
  promptName!: string;

  /** '' unless the scope is `environment`. */
  @Column({ type: 'varchar', length: 64, default: '' })
  environment!: string;

  @Column({ type: 'text', transformer: jsonTransformer<Record<string, PiiAction>>({}) })
  entities!: Record<string, PiiAction>;

  @Column({ type: 'text', transformer: jsonTransformer<CustomRecognizer[]>([]) })
  custom!: CustomRecognizer[];

  @Column({ name: 'updated_by_id', type: 'integer', nullable: true })
  updatedById!: number | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
