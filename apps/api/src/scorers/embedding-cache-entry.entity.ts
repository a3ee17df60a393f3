import { Column, Entity, PrimaryColumn } from 'typeorm';
import { jsonTransformer } from '../database/json.transformer';

/**
 * An embedding already fetched: experiments score the same expected answers over and over
 * (every variant, every repetition), so each text is embedded once per provider and model.
 */
@Entity({ name: 'embedding_cache' })
export class EmbeddingCacheEntry {
  /** sha256 (hex) of provider, model and text. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ type: 'text', transformer: jsonTransformer<number[]>([]) })
  vector!: number[];

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
