import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Rollouts (canary and A/B): a deployment's baseline and candidate versions with weights, ramp
 * steps and guardrails; each run served under one names its rollout and variant.
 *
 * At most one rollout per prompt and environment is active: `active_slot` is `active` while
 * it runs or is paused and `ended:<id>` once it has ended, under a unique key with the prompt
 * and environment (a NOT NULL column, as MySQL would let duplicate NULLs through).
 */
export class Rollouts1765020000000 implements MigrationInterface {
  name = 'Rollouts1765020000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'rollouts',
        columns: [
          c.id(),
          c.int('prompt_id'),
          c.int('environment_id'),
          c.int('baseline_version'),
          // [{version, weightBp}]: weights in basis points of the traffic.
          c.text('candidates'),
          c.varchar('sticky_key', 16),
          // Candidate shares in percent, e.g. [1, 5, 25, 50, 100], and the step now served.
          c.text('steps', true),
          c.int('current_step', true),
          c.int('auto_advance_minutes', true),
          c.timestamp('step_started_at'),
          // {metrics, minSamples, alpha, action}
          c.text('guardrails'),
          c.varchar('status', 16),
          c.varchar('active_slot', 32),
          c.varchar('reason', 1000, true),
          c.int('started_by_id', true),
          c.varchar('started_by', 191, true),
          c.varchar('ended_by', 191, true),
          c.timestamp('started_at'),
          c.timestamp('ended_at', true),
          c.timestamp('updated_at'),
        ],
        uniques: [
          new TableUnique({
            name: 'UQ_rollouts_prompt_id_environment_id_active_slot',
            columnNames: ['prompt_id', 'environment_id', 'active_slot'],
          }),
        ],
        indices: [new TableIndex({ name: 'IDX_rollouts_status', columnNames: ['status'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_rollouts_prompt_id',
            columnNames: ['prompt_id'],
            referencedTableName: 'prompts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_rollouts_environment_id',
            columnNames: ['environment_id'],
            referencedTableName: 'environments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await c.utf8mb4('rollouts');

    await queryRunner.addColumns('runs', [
      new TableColumn(c.int('rollout_id', true)),
      // `baseline`, `candidate`, or `candidate-2`… with several candidates.
      new TableColumn(c.varchar('rollout_variant', 32, true)),
    ]);
    await queryRunner.createIndex(
      'runs',
      new TableIndex({ name: 'IDX_runs_rollout_id_created_at', columnNames: ['rollout_id', 'created_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('runs', 'IDX_runs_rollout_id_created_at');
    await queryRunner.dropColumns('runs', ['rollout_variant', 'rollout_id']);
    await queryRunner.dropTable('rollouts');
  }
}
