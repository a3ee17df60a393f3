import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { nullableJsonTransformer } from '../database/json.transformer';
import { User } from '../users/user.entity';

/** A named set of test cases. Its items change only by making a new immutable version. */
@Entity({ name: 'datasets' })
export class Dataset {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** URL-safe, unique: how the API and the CLI name the dataset. */
  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** JSON Schema (2020-12) every item's `input` must satisfy, if set. */
  @Column({ name: 'input_schema', type: 'text', nullable: true, transformer: nullableJsonTransformer<object>() })
  inputSchema!: object | null;

  /** JSON Schema (2020-12) every item's `expected` must satisfy, if set. */
  @Column({ name: 'expected_schema', type: 'text', nullable: true, transformer: nullableJsonTransformer<object>() })
  expectedSchema!: object | null;

  /** The newest version number (1 on creation). */
  @Column({ name: 'latest_version', type: 'integer' })
  latestVersion!: number;

  /** Items in the newest version. */
  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
