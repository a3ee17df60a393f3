import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'deployment_history' })
export class DeploymentHistoryEntry {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'prompt_id', type: 'integer' })
  promptId!: number;

  @Column({ name: 'environment_id', type: 'integer' })
  environmentId!: number;

  @Column({ type: 'varchar', length: 16 })
  action!: 'deploy' | 'rollback';

  @Column({ name: 'from_version', type: 'integer', nullable: true })
  fromVersion!: number | null;

  @Column({ name: 'to_version', type: 'integer' })
  toVersion!: number;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 191, nullable: true })
  actorEmail!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
