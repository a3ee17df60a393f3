import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from '../column-types';

/** Versions become `text` (one template) or `chat` (a list of role messages). */
export class ChatVersions1763790000000 implements MigrationInterface {
  name = 'ChatVersions1763790000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumns('prompt_versions', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '8', isNullable: false, default: "'text'" }),
      new TableColumn(c.longText('messages', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('prompt_versions', 'messages');
    await queryRunner.dropColumn('prompt_versions', 'kind');
  }
}
