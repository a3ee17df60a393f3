import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonTransformer, nullableJsonTransformer } from '../database/json.transformer';

/**
 * One immutable item row, valid from version `addedIn` until the version that removed or
 * replaced it (`removedIn`, exclusive). Version N holds the rows with addedIn ≤ N and
 * (removedIn is null or removedIn > N), so a new version writes only what changed, never a copy
 * of the whole set. Editing an item ends its row and adds a new one with the same `itemKey`.
 */
@Entity({ name: 'dataset_items' })
export class DatasetItem {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'dataset_id', type: 'integer' })
  datasetId!: number;

  /** Stable across edits: the same case in every version that has it. */
  @Column({ name: 'item_key', type: 'varchar', length: 36 })
  itemKey!: string;

  @Column({ name: 'added_in', type: 'integer' })
  addedIn!: number;

  @Column({ name: 'removed_in', type: 'integer', nullable: true })
  removedIn!: number | null;

  /** The variables a prompt is rendered with. */
  @Column({ type: 'text', transformer: jsonTransformer<Record<string, unknown>>({}) })
  input!: Record<string, unknown>;

  /** What a good answer is (any JSON); null when the item has none. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<unknown>() })
  expected!: unknown;

  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<Record<string, unknown>>() })
  metadata!: Record<string, unknown> | null;

  /** The run this item was made from ("add this run to a dataset"), if any. */
  @Column({ name: 'source_run_id', type: 'integer', nullable: true })
  sourceRunId!: number | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
