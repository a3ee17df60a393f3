import { ApiKeyScope } from '@promptops/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer } from '../database/json.transformer';

/** A service credential. The secret is never stored: only a salted SHA-256 and a lookup prefix. */
@Entity({ name: 'api_keys' })
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** The public start of the key (`po_` + 12 characters), unique: how a presented key is found. */
  @Column({ type: 'varchar', length: 32 })
  prefix!: string;

  @Column({ type: 'varchar', length: 64 })
  salt!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;

  @Column({ type: 'varchar', length: 4 })
  last4!: string;

  @Column({ type: 'text', transformer: jsonTransformer<ApiKeyScope[]>([]) })
  scopes!: ApiKeyScope[];

  /** When set, the key only works in this environment. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  environment!: string | null;

  /** Whether an end user this key names (`userId`, `X-PromptOps-User`) in debug mode gets drafts. */
  @Column({ name: 'serve_debug_drafts', type: 'boolean', default: false })
  serveDebugDrafts!: boolean;

  @Column({ name: 'rate_limit_per_minute', type: 'integer' })
  rateLimitPerMinute!: number;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'datetime', precision: 3, nullable: true })
  revokedAt!: Date | null;
}
