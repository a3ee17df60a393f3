import { ProviderKind } from '@promptops/shared';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer } from '../database/json.transformer';

/** A model a provider offers, with optional prices that win over the built-in price table. */
export interface ProviderModel {
  id: string;
  inputPricePerMTok?: number;
  outputPricePerMTok?: number;
}

/** Where models are called: a vendor API or any OpenAI-compatible server, with its credentials. */
@Entity({ name: 'providers' })
export class Provider {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** URL-safe, unique: how versions and runs name the provider. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: ProviderKind;

  @Column({ name: 'base_url', type: 'varchar', length: 500, nullable: true })
  baseUrl!: string | null;

  /** `v1:iv:tag:ciphertext` (AES-256-GCM, base64); never leaves the server. */
  @Column({ name: 'api_key_encrypted', type: 'text', nullable: true })
  apiKeyEncrypted!: string | null;

  @Column({ name: 'api_key_last4', type: 'varchar', length: 4, nullable: true })
  apiKeyLast4!: string | null;

  @Column({ type: 'text', transformer: jsonTransformer<ProviderModel[]>([]) })
  models!: ProviderModel[];

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
