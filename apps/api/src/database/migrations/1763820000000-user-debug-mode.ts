import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from '../column-types';

/** Debug mode: until when a user gets draft versions in production (null: off). */
export class UserDebugMode1763820000000 implements MigrationInterface {
  name = 'UserDebugMode1763820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('users', new TableColumn(c.timestamp('debug_until', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'debug_until');
  }
}
