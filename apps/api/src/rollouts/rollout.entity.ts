import type {
  RolloutGuardrailAction,
  RolloutGuardrailMetric,
  RolloutStatus,
  RolloutStickyKey,
} from '@promptops/shared';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer, nullableJsonTransformer } from '../database/json.transformer';
import { Environment } from '../environments/environment.entity';
import { Prompt } from '../prompts/prompt.entity';

/** One candidate version and its share of the traffic, in basis points (100 = 1 %). */
export interface RolloutCandidate {
  version: number;
  weightBp: number;
}

export interface RolloutGuardrails {
  /** Which measures are checked; none turns the guardrails off. */
  metrics: RolloutGuardrailMetric[];
  /** Runs each arm needs (errors and successes) before it is tested at all. */
  minSamples: number;
  /** One-sided significance level of each test. */
  alpha: number;
  action: RolloutGuardrailAction;
}

/** The slot an active rollout holds in the unique key of its prompt and environment. */
export const ACTIVE_SLOT = 'active';

/** A deployment's canary or A/B test: the baseline (what is deployed) and candidates with weights. */
@Entity({ name: 'rollouts' })
export class Rollout {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'prompt_id', type: 'integer' })
  promptId!: number;

  @ManyToOne(() => Prompt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'prompt_id' })
  prompt?: Prompt;

  @Column({ name: 'environment_id', type: 'integer' })
  environmentId!: number;

  @ManyToOne(() => Environment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'environment_id' })
  environment?: Environment;

  /** The version deployed when the rollout started: what everyone outside the candidates gets. */
  @Column({ name: 'baseline_version', type: 'integer' })
  baselineVersion!: number;

  @Column({ type: 'text', transformer: jsonTransformer<RolloutCandidate[]>([]) })
  candidates!: RolloutCandidate[];

  @Column({ name: 'sticky_key', type: 'varchar', length: 16 })
  stickyKey!: RolloutStickyKey;

  /** The candidate's share at each ramp step, in percent; null without a ramp. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<number[]>() })
  steps!: number[] | null;

  @Column({ name: 'current_step', type: 'integer', nullable: true })
  currentStep!: number | null;

  /** Go to the next step after this many healthy minutes; null: only by hand. */
  @Column({ name: 'auto_advance_minutes', type: 'integer', nullable: true })
  autoAdvanceMinutes!: number | null;

  @Column({ name: 'step_started_at', type: 'datetime', precision: 3 })
  stepStartedAt!: Date;

  @Column({ type: 'text', transformer: jsonTransformer<RolloutGuardrails | null>(null) })
  guardrails!: RolloutGuardrails;

  @Column({ type: 'varchar', length: 16 })
  status!: RolloutStatus;

  /** `active`, or `ended:<id>` once ended (see the migration). */
  @Column({ name: 'active_slot', type: 'varchar', length: 32 })
  activeSlot!: string;

  /** Why it was paused or ended, e.g. the guardrail's numbers. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  reason!: string | null;

  @Column({ name: 'started_by_id', type: 'integer', nullable: true })
  startedById!: number | null;

  @Column({ name: 'started_by', type: 'varchar', length: 191, nullable: true })
  startedBy!: string | null;

  @Column({ name: 'ended_by', type: 'varchar', length: 191, nullable: true })
  endedBy!: string | null;

  @Column({ name: 'started_at', type: 'datetime', precision: 3 })
  startedAt!: Date;

  @Column({ name: 'ended_at', type: 'datetime', precision: 3, nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
