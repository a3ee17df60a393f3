import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UserRole } from '@promptops/shared';

@Entity({ name: 'users' })
export class User {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'varchar', length: 191 })
  email!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: UserRole;

  @Column({ name: 'external_id', type: 'varchar', length: 191, nullable: true })
  externalId!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Debug mode is on until then: this user's calls get the newest draft in every environment. */
  @Column({ name: 'debug_until', type: 'datetime', precision: 3, nullable: true })
  debugUntil!: Date | null;

  /** Carried in every session token; moving it on ends the sessions issued before. */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion!: number;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
