import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * `hour_prompt` holds the hours again keyed by prompt, kind, status and error code only (version,
 * environment, model, provider and source are ''/0): a few times fewer rows for the dashboard
 * when it is filtered by nothing but the prompt.
 */
const GRAINS = ['minute', 'hour', 'hour_prompt'] as const;

/**
 * Metric rollups: the run log summed per minute and per hour, per prompt, version, environment,
 * model, provider, source, kind, status and error code, so dashboards read a few thousand rows
 * instead of a million runs. "None" is '' or 0 (never NULL): MySQL lets NULLs repeat in a unique key.
 */
export class MetricRollups1765000000000 implements MigrationInterface {
  name = 'MetricRollups1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    const key = (name: string, length: number): TableColumnOptions => ({ ...c.varchar(name, length), default: "''" });
    const count = (name: string): TableColumnOptions => ({ name, type: 'bigint', isNullable: false, default: 0 });
    for (const grain of GRAINS) {
      const table = `metric_rollups_${grain}`;
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            c.id(),
            c.timestamp('bucket_start'),
            key('prompt_name', 100),
            { ...c.int('prompt_version'), default: 0 },
            key('environment', 64),
            key('model', 200),
            key('provider', 100),
            key('source', 16),
            key('kind', 8),
            key('status', 16),
            key('error_code', 64),
            count('requests'),
            count('errors'),
            // Runs with a latency (all that ended); the sum gives the mean, the histogram the percentiles.
            count('latency_count'),
            count('latency_sum_ms'),
            // Sparse JSON [bin, count, …] of log-spaced 5 % bins (latency-histogram.ts).
            c.text('latency_histogram'),
            count('tokens_in'),
            count('tokens_out'),
            { name: 'cost_usd', type: 'decimal', precision: 18, scale: 10, isNullable: false, default: 0 },
          ],
          uniques: [
            new TableUnique({
              name: `UQ_${table}_key`,
              columnNames: [
                'bucket_start',
                'prompt_name',
                'prompt_version',
                'environment',
                'model',
                'provider',
                'source',
                'kind',
                'status',
                'error_code',
              ],
            }),
          ],
          indices: [
            new TableIndex({ name: `IDX_${table}_prompt_bucket`, columnNames: ['prompt_name', 'bucket_start'] }),
          ],
        }),
      );
      await c.utf8mb4(table);
    }

    await queryRunner.createTable(
      new Table({
        name: 'metric_rollup_state',
        columns: [{ ...c.varchar('name', 64), isPrimary: true }, c.timestamp('value')],
      }),
    );
    await c.utf8mb4('metric_rollup_state');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('metric_rollup_state');
    for (const grain of GRAINS) await queryRunner.dropTable(`metric_rollups_${grain}`);
  }
}
