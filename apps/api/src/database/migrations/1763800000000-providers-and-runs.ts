import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/** Model providers (with encrypted keys) and the log of every model call. */
export class ProvidersAndRuns1763800000000 implements MigrationInterface {
  name = 'ProvidersAndRuns1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'providers',
        columns: [
          c.id(),
          c.varchar('name', 100),
          c.varchar('kind', 32),
          c.varchar('base_url', 500, true),
          c.text('api_key_encrypted', true),
          c.varchar('api_key_last4', 4, true),
          c.text('models'),
          c.bool('enabled', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_providers_name', columnNames: ['name'] })],
      }),
    );
    await c.utf8mb4('providers');

    await queryRunner.createTable(
      new Table({
        name: 'runs',
        columns: [
          c.id(),
          c.varchar('source', 16),
          c.varchar('prompt_name', 100, true),
          c.int('prompt_version', true),
          c.varchar('environment', 64, true),
          c.longText('variables'),
          c.longText('input'),
          c.varchar('provider', 100),
          c.varchar('model', 200),
          c.text('parameters'),
          c.longText('output', true),
          c.varchar('status', 16),
          c.varchar('error_code', 64, true),
          c.text('error_message', true),
          c.int('prompt_tokens', true),
          c.int('completion_tokens', true),
          c.bool('usage_estimated', false),
          // DECIMAL keeps fractions of a cent exact on both databases (and SUM()s them exactly).
          { name: 'cost_usd', type: 'decimal', precision: 18, scale: 10, isNullable: true },
          c.int('latency_ms', true),
          c.int('ttft_ms', true),
          c.int('user_id', true),
          c.int('api_key_id', true),
          c.int('rerun_of_id', true),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_runs_prompt_name_created_at', columnNames: ['prompt_name', 'created_at'] }),
          new TableIndex({ name: 'IDX_runs_created_at', columnNames: ['created_at'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_runs_user_id',
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    await c.utf8mb4('runs');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('runs');
    await queryRunner.dropTable('providers');
  }
}
