import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { Dataset } from './dataset.entity';

/** One immutable state of a dataset, numbered 1, 2, 3… per dataset. Experiments pin one. */
@Entity({ name: 'dataset_versions' })
export class DatasetVersion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'dataset_id', type: 'integer' })
  datasetId!: number;

  @ManyToOne(() => Dataset, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'dataset_id' })
  dataset?: Dataset;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'item_count', type: 'integer' })
  itemCount!: number;

  /** What made this version, e.g. "Imported 120 items from cases.csv". */
  @Column({ type: 'text', nullable: true })
  change!: string | null;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
