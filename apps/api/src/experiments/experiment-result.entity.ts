import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../database/decimal.transformer';
import { jsonTransformer } from '../database/json.transformer';
import type { RunMessage } from '../runs/run.entity';
import type { Score } from '../scorers/scorer.types';

/**
 * One (experiment, item, variant, repetition): unique, written once by upsert, so a retried or
 * resumed job never adds a second result for the same cell.
 */
@Entity({ name: 'experiment_results' })
export class ExperimentResult {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'experiment_id', type: 'integer' })
  experimentId!: number;

  /** The dataset item row (immutable) this result answers. */
  @Column({ name: 'item_id', type: 'integer' })
  itemId!: number;

  @Column({ name: 'variant_index', type: 'integer' })
  variantIndex!: number;

  /** 1-based. */
  @Column({ type: 'integer' })
  repetition!: number;

  /** `success` when the model answered (whatever the scores), `error` when it did not. */
  @Column({ type: 'varchar', length: 16 })
  status!: 'success' | 'error';

  /** The run in the run log (null when the run was refused before it reached the model). */
  @Column({ name: 'run_id', type: 'integer', nullable: true })
  runId!: number | null;

  @Column({ type: 'text', transformer: jsonTransformer<RunMessage[]>([]) })
  rendered!: RunMessage[];

  @Column({ type: 'text', nullable: true })
  output!: string | null;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  @Column({
    name: 'cost_usd',
    type: 'decimal',
    precision: 18,
    scale: 10,
    nullable: true,
    transformer: decimalTransformer,
  })
  costUsd!: number | null;

  /** What the scorers (LLM judges) cost for this result. */
  @Column({
    name: 'scoring_cost_usd',
    type: 'decimal',
    precision: 18,
    scale: 10,
    nullable: true,
    transformer: decimalTransformer,
  })
  scoringCostUsd!: number | null;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs!: number | null;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  /** Each scorer's verdict by scorer name. */
  @Column({ type: 'text', transformer: jsonTransformer<Record<string, Score>>({}) })
  scores!: Record<string, Score>;

  /** How many of `scores` are a scorer's own failure. */
  @Column({ name: 'scorer_errors', type: 'integer' })
  scorerErrors!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
