import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Flows: a prompt gets a type (`prompt` or `flow`) and a version may hold a flow definition;
 * a run may be a flow run, and a model call may be a step of one (the run log's tree).
 * Idempotency keys let a retried request answer the first one's result.
 */
export class Flows1764900000000 implements MigrationInterface {
  name = 'Flows1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn(
      'prompts',
      new TableColumn({ name: 'type', type: 'varchar', length: '8', isNullable: false, default: "'prompt'" }),
    );
    await queryRunner.createIndex('prompts', new TableIndex({ name: 'IDX_prompts_type', columnNames: ['type'] }));
    await queryRunner.addColumn('prompt_versions', new TableColumn(c.longText('flow', true)));

    await queryRunner.addColumns('runs', [
      new TableColumn({ name: 'kind', type: 'varchar', length: '8', isNullable: false, default: "'model'" }),
      new TableColumn(c.int('parent_run_id', true)),
      new TableColumn(c.varchar('step_id', 64, true)),
    ]);
    await queryRunner.createIndex(
      'runs',
      new TableIndex({ name: 'IDX_runs_parent_run_id', columnNames: ['parent_run_id'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          c.id(),
          // Who sent the key (an API key, a webhook, a console user): keys of different callers never meet.
          c.varchar('scope', 100),
          c.varchar('key_hash', 64),
          // SHA-256 of what was asked: the same key with a different request is refused.
          c.varchar('request_hash', 64),
          c.varchar('status', 16),
          c.int('run_id', true),
          c.int('response_status', true),
          c.longText('response', true),
          c.timestamp('created_at'),
          c.timestamp('expires_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_idempotency_keys_scope_key_hash', columnNames: ['scope', 'key_hash'] })],
        indices: [new TableIndex({ name: 'IDX_idempotency_keys_expires_at', columnNames: ['expires_at'] })],
      }),
    );
    await c.utf8mb4('idempotency_keys');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('idempotency_keys');
    await queryRunner.dropIndex('runs', 'IDX_runs_parent_run_id');
    await queryRunner.dropColumns('runs', ['step_id', 'parent_run_id', 'kind']);
    await queryRunner.dropColumn('prompt_versions', 'flow');
    await queryRunner.dropIndex('prompts', 'IDX_prompts_type');
    await queryRunner.dropColumn('prompts', 'type');
  }
}
