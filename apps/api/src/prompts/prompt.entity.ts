import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AfterSunset, PromptType } from '@promptops/shared';
import { jsonTransformer } from '../database/json.transformer';
import { User } from '../users/user.entity';

@Entity({ name: 'prompts' })
export class Prompt {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** URL-safe alias, unique: how callers name the prompt. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** A prompt (text or chat versions) or a flow (flow versions); never changes. */
  @Column({ type: 'varchar', length: 8, default: 'prompt' })
  type!: PromptType;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  folder!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer<string[]>([]) })
  tags!: string[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  /** Set while the prompt is deprecated (see retirement/); the other retirement columns mean nothing without it. */
  @Column({ name: 'deprecated_at', type: 'datetime', precision: 3, nullable: true })
  deprecatedAt!: Date | null;

  /** After this instant the prompt is no longer served (410, or its successor's answer). */
  @Column({ name: 'sunset_at', type: 'datetime', precision: 3, nullable: true })
  sunsetAt!: Date | null;

  /** The prompt (of the same type) callers should move to. */
  @Column({ name: 'successor_name', type: 'varchar', length: 100, nullable: true })
  successorName!: string | null;

  @Column({ name: 'deprecation_note', type: 'text', nullable: true })
  deprecationNote!: string | null;

  @Column({ name: 'after_sunset', type: 'varchar', length: 16, default: 'gone' })
  afterSunset!: AfterSunset;

  @Column({ name: 'deprecated_by_id', type: 'integer', nullable: true })
  deprecatedById!: number | null;
}
