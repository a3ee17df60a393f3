import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Environment } from '../environments/environment.entity';
import { Prompt } from '../prompts/prompt.entity';
import { User } from '../users/user.entity';

/** Which version of a prompt an environment serves: one row per (prompt, environment). */
@Entity({ name: 'deployments' })
export class Deployment {
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

  @Column({ type: 'integer' })
  version!: number;

  /** The version served before this one: what a rollback returns to. */
  @Column({ name: 'previous_version', type: 'integer', nullable: true })
  previousVersion!: number | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ name: 'deployed_by_id', type: 'integer', nullable: true })
  deployedById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'deployed_by_id' })
  deployedBy?: User | null;

  @Column({ name: 'deployed_at', type: 'datetime', precision: 3 })
  deployedAt!: Date;

  /** SHA-256 of the webhook secret: the lookup key for POST /api/webhooks/{secret}. */
  @Column({ name: 'webhook_secret_hash', type: 'varchar', length: 64, nullable: true })
  webhookSecretHash!: string | null;

  /** The secret itself, AES-256-GCM encrypted, so operators can copy the URL again. */
  @Column({ name: 'webhook_secret_encrypted', type: 'varchar', length: 255, nullable: true })
  webhookSecretEncrypted!: string | null;

  @Column({ name: 'webhook_secret_created_at', type: 'datetime', precision: 3, nullable: true })
  webhookSecretCreatedAt!: Date | null;

  /** Whether an end user the webhook caller names (`X-PromptOps-User`) in debug mode gets drafts. */
  @Column({ name: 'webhook_serves_debug_drafts', type: 'boolean', default: false })
  webhookServesDebugDrafts!: boolean;
}
