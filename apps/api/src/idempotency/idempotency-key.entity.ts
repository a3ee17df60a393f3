import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type IdempotencyKeyStatus = 'running' | 'done';

/** A request made with an Idempotency-Key: while it runs, and then its answer, kept 24 h. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** Whose key it is: `key:<api key id>` or `user:<user id>`. */
  @Column({ type: 'varchar', length: 100 })
  scope!: string;

  /** SHA-256 of the key as sent (hex). */
  @Column({ name: 'key_hash', type: 'varchar', length: 64 })
  keyHash!: string;

  /** SHA-256 of what was asked. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: IdempotencyKeyStatus;

  @Column({ name: 'run_id', type: 'integer', nullable: true })
  runId!: number | null;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  /** The answer's body as JSON text. */
  @Column({ type: 'text', nullable: true })
  response!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;
}
