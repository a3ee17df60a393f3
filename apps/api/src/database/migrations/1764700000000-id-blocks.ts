import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Ids handed out in blocks: a replica reserves a range of run ids in one small transaction and
 * numbers its runs from it, so that a run has its id before anything is written and the run
 * log can be written in batches (RunLog). Runs numbered so far stay as they are.
 */
export class IdBlocks1764700000000 implements MigrationInterface {
  name = 'IdBlocks1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'id_blocks',
        columns: [{ ...c.varchar('name', 64), isPrimary: true }, c.int('next_id')],
      }),
    );
    await queryRunner.query(`INSERT INTO id_blocks (name, next_id) SELECT 'runs', COALESCE(MAX(id), 0) + 1 FROM runs`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('id_blocks');
  }
}
