import { ExperimentStatus, ExperimentVariant } from '@promptops/shared';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../database/decimal.transformer';
import { jsonTransformer, nullableJsonTransformer } from '../database/json.transformer';
import { Dataset } from '../datasets/dataset.entity';
import { User } from '../users/user.entity';
import type { PinnedScorer } from '../scorers/scorer.types';
import type { GateSpec } from './gate';

/**
 * One dataset version × variants × repetitions × scorers. Everything that decides a result is
 * pinned here when the experiment is created (prompt versions, models, scorers), so a resume
 * or a re-run computes the same thing.
 */
@Entity({ name: 'experiments' })
export class Experiment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'dataset_id', type: 'integer' })
  datasetId!: number;

  @ManyToOne(() => Dataset, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id' })
  dataset?: Dataset;

  @Column({ name: 'dataset_version', type: 'integer' })
  datasetVersion!: number;

  @Column({ type: 'varchar', length: 24 })
  status!: ExperimentStatus;

  @Column({ type: 'text', transformer: jsonTransformer<ExperimentVariant[]>([]) })
  variants!: ExperimentVariant[];

  @Column({ type: 'integer' })
  repetitions!: number;

  @Column({ type: 'text', transformer: jsonTransformer<PinnedScorer[]>([]) })
  scorers!: PinnedScorer[];

  /** Items × variants × repetitions: how many results a finished experiment has. */
  @Column({ name: 'total_results', type: 'integer' })
  totalResults!: number;

  /** Bumped on every resume, so the resumed run's jobs are new jobs (a queue keeps finished ids for a while). */
  @Column({ type: 'integer' })
  generation!: number;

  @Column({
    name: 'budget_usd',
    type: 'decimal',
    precision: 18,
    scale: 10,
    nullable: true,
    transformer: decimalTransformer,
  })
  budgetUsd!: number | null;

  @Column({
    name: 'estimated_cost_usd',
    type: 'decimal',
    precision: 18,
    scale: 10,
    nullable: true,
    transformer: decimalTransformer,
  })
  estimatedCostUsd!: number | null;

  /** The CI gate to evaluate when the experiment completes, if any. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<GateSpec>() })
  gate!: GateSpec | null;

  /** Why the experiment failed or stopped, for people. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'datetime', precision: 3, nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'datetime', precision: 3, nullable: true })
  finishedAt!: Date | null;
}
