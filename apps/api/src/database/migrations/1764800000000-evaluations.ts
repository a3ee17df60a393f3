import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * The evaluation lab: datasets with immutable versions (items valid from one version until the
 * one that removed or replaced them), experiments pinned to a dataset version, and one result
 * per (experiment, item, variant, repetition), unique so that retries and resumes upsert.
 */
export class Evaluations1764800000000 implements MigrationInterface {
  name = 'Evaluations1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const money = (name: string) => ({ name, type: 'decimal', precision: 18, scale: 10, isNullable: true });
    const createdBy = (table: string) =>
      new TableForeignKey({
        name: `FK_${table}_created_by_id`,
        columnNames: ['created_by_id'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'SET NULL',
      });
    const dataset = (table: string) =>
      new TableForeignKey({
        name: `FK_${table}_dataset_id`,
        columnNames: ['dataset_id'],
        referencedTableName: 'datasets',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });

    await queryRunner.createTable(
      new Table({
        name: 'datasets',
        columns: [
          c.id(),
          c.varchar('name', 100),
          c.text('description', true),
          c.longText('input_schema', true),
          c.longText('expected_schema', true),
          c.int('latest_version'),
          c.int('item_count'),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_datasets_name', columnNames: ['name'] })],
        foreignKeys: [createdBy('datasets')],
      }),
    );
    await c.utf8mb4('datasets');

    await queryRunner.createTable(
      new Table({
        name: 'dataset_versions',
        columns: [
          c.id(),
          c.int('dataset_id'),
          c.int('version'),
          c.int('item_count'),
          c.text('change', true),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
        ],
        uniques: [
          new TableUnique({ name: 'UQ_dataset_versions_dataset_id_version', columnNames: ['dataset_id', 'version'] }),
        ],
        foreignKeys: [dataset('dataset_versions'), createdBy('dataset_versions')],
      }),
    );
    await c.utf8mb4('dataset_versions');

    await queryRunner.createTable(
      new Table({
        name: 'dataset_items',
        columns: [
          c.id(),
          c.int('dataset_id'),
          c.varchar('item_key', 36),
          c.int('added_in'),
          c.int('removed_in', true),
          c.longText('input'),
          c.longText('expected', true),
          c.text('metadata', true),
          c.int('source_run_id', true),
          c.timestamp('created_at'),
        ],
        uniques: [
          new TableUnique({
            name: 'UQ_dataset_items_dataset_id_item_key_added_in',
            columnNames: ['dataset_id', 'item_key', 'added_in'],
          }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_dataset_items_dataset_id_added_in', columnNames: ['dataset_id', 'added_in'] }),
          new TableIndex({
            name: 'IDX_dataset_items_dataset_id_removed_in',
            columnNames: ['dataset_id', 'removed_in'],
          }),
        ],
        foreignKeys: [dataset('dataset_items')],
      }),
    );
    await c.utf8mb4('dataset_items');

    await queryRunner.createTable(
      new Table({
        name: 'experiments',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.text('description', true),
          c.int('dataset_id'),
          c.int('dataset_version'),
          c.varchar('status', 24),
          c.longText('variants'),
          c.int('repetitions'),
          c.longText('scorers'),
          c.int('total_results'),
          c.int('generation'),
          money('budget_usd'),
          money('estimated_cost_usd'),
          c.text('gate', true),
          c.text('error', true),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
          c.timestamp('started_at', true),
          c.timestamp('finished_at', true),
        ],
        indices: [
          new TableIndex({ name: 'IDX_experiments_status', columnNames: ['status'] }),
          new TableIndex({ name: 'IDX_experiments_dataset_id', columnNames: ['dataset_id'] }),
        ],
        foreignKeys: [dataset('experiments'), createdBy('experiments')],
      }),
    );
    await c.utf8mb4('experiments');

    await queryRunner.createTable(
      new Table({
        name: 'experiment_results',
        columns: [
          c.id(),
          c.int('experiment_id'),
          c.int('item_id'),
          c.int('variant_index'),
          c.int('repetition'),
          c.varchar('status', 16),
          c.int('run_id', true),
          c.longText('rendered'),
          c.longText('output', true),
          c.int('prompt_tokens', true),
          c.int('completion_tokens', true),
          money('cost_usd'),
          money('scoring_cost_usd'),
          c.int('latency_ms', true),
          c.varchar('error_code', 64, true),
          c.text('error_message', true),
          c.longText('scores'),
          c.int('scorer_errors'),
          c.timestamp('created_at'),
        ],
        uniques: [
          new TableUnique({
            name: 'UQ_experiment_results_cell',
            columnNames: ['experiment_id', 'item_id', 'variant_index', 'repetition'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_experiment_results_experiment_id',
            columnNames: ['experiment_id'],
            referencedTableName: 'experiments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await c.utf8mb4('experiment_results');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['experiment_results', 'experiments', 'dataset_items', 'dataset_versions', 'datasets']) {
      await queryRunner.dropTable(table);
    }
  }
}
