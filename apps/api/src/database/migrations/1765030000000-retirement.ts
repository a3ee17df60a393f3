import { MigrationInterface, QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Retirement: a prompt (or flow) can be deprecated, with an optional successor, a sunset after
 * which it is no longer served, and what callers get then (410, or the successor's answer).
 */
export class Retirement1765030000000 implements MigrationInterface {
  name = 'Retirement1765030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumns('prompts', [
      new TableColumn(c.timestamp('deprecated_at', true)),
      new TableColumn(c.timestamp('sunset_at', true)),
      new TableColumn(c.varchar('successor_name', 100, true)),
      new TableColumn(c.text('deprecation_note', true)),
      new TableColumn({ name: 'after_sunset', type: 'varchar', length: '16', isNullable: false, default: "'gone'" }),
      new TableColumn(c.int('deprecated_by_id', true)),
    ]);
    // The prompt list filters on it (`?deprecated=true`).
    await queryRunner.createIndex(
      'prompts',
      new TableIndex({ name: 'IDX_prompts_deprecated_at', columnNames: ['deprecated_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('prompts', 'IDX_prompts_deprecated_at');
    await queryRunner.dropColumns('prompts', [
      'deprecated_by_id',
      'after_sunset',
      'deprecation_note',
      'successor_name',
      'sunset_at',
      'deprecated_at',
    ]);
  }
}
