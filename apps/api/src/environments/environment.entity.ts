import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'environments' })
export class Environment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  /** e.g. dev, staging, prod, or a custom label such as tenant-a. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  /** Only published versions may be deployed to a protected environment. */
  @Column({ name: 'is_protected', type: 'boolean', default: false })
  isProtected!: boolean;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
