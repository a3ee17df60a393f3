import type { RunKind, RunSource } from '@promptops/shared';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { decimalTransformer } from '../database/decimal.transformer';
import { jsonTransformer, nullableJsonTransformer } from '../database/json.transformer';
import { User } from '../users/user.entity';

/** `running` while a streamed answer is still arriving; one of the others once it has ended. */
export const RUN_STATUSES = ['running', 'success', 'error', 'aborted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunMessage {
  role: string;
  content: string;
}

export interface RunParameters {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  stop?: string[];
}

/** One model call: what was sent, what came back, what it cost and how long it took. */
@Entity({ name: 'runs' })
export class Run {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 16 })
  source!: RunSource;

  /** `model`: one model call. `flow`: a flow run, whose steps are the runs naming it as parent. */
  @Column({ type: 'varchar', length: 8, default: 'model' })
  kind!: RunKind;

  /** The flow run this model call was a step of. */
  @Column({ name: 'parent_run_id', type: 'integer', nullable: true })
  parentRunId!: number | null;

  /** Which step of its flow this call was. */
  @Column({ name: 'step_id', type: 'varchar', length: 64, nullable: true })
  stepId!: string | null;

  @Column({ name: 'prompt_name', type: 'varchar', length: 100, nullable: true })
  promptName!: string | null;

  @Column({ name: 'prompt_version', type: 'integer', nullable: true })
  promptVersion!: number | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  environment!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer<Record<string, unknown>>({}) })
  variables!: Record<string, unknown>;

  /** The rendered messages sent to the model. */
  @Column({ type: 'text', transformer: jsonTransformer<RunMessage[]>([]) })
  input!: RunMessage[];

  @Column({ type: 'varchar', length: 100 })
  provider!: string;

  @Column({ type: 'varchar', length: 200 })
  model!: string;

  @Column({ type: 'text', transformer: jsonTransformer<RunParameters>({}) })
  parameters!: RunParameters;

  @Column({ type: 'text', nullable: true })
  output!: string | null;

  @Column({ type: 'varchar', length: 16 })
  status!: RunStatus;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'prompt_tokens', type: 'integer', nullable: true })
  promptTokens!: number | null;

  @Column({ name: 'completion_tokens', type: 'integer', nullable: true })
  completionTokens!: number | null;

  /** True when the provider reported no usage and the counts were estimated with a tokenizer. */
  @Column({ name: 'usage_estimated', type: 'boolean', default: false })
  usageEstimated!: boolean;

  /** US dollars; null when the model's price is unknown. */
  @Column({
    name: 'cost_usd',
    type: 'decimal',
    precision: 18,
    scale: 10,
    nullable: true,
    transformer: decimalTransformer,
  })
  costUsd!: number | null;

  @Column({ name: 'latency_ms', type: 'integer', nullable: true })
  latencyMs!: number | null;

  @Column({ name: 'ttft_ms', type: 'integer', nullable: true })
  ttftMs!: number | null;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: User | null;

  @Column({ name: 'api_key_id', type: 'integer', nullable: true })
  apiKeyId!: number | null;

  /** The run this one re-ran, if any. */
  @Column({ name: 'rerun_of_id', type: 'integer', nullable: true })
  rerunOfId!: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  /** The rollout this run was served under, if any. */
  @Column({ name: 'rollout_id', type: 'integer', nullable: true })
  rolloutId!: number | null;

  /** Which of its arms: `baseline`, `candidate` (or `candidate-2`… with several). */
  @Column({ name: 'rollout_variant', type: 'varchar', length: 32, nullable: true })
  rolloutVariant!: string | null;

  /** Values redacted before the call, per entity type (`{EMAIL: 2}`); counts only, never values. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<Record<string, number>>() })
  redactions!: Record<string, number> | null;
}
