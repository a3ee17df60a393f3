import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

/** Environments, deployments (env → version, with history and webhook secrets) and API keys. */
export class Serving1763810000000 implements MigrationInterface {
  name = 'Serving1763810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'environments',
        columns: [
          c.id(),
          c.varchar('name', 64),
          c.varchar('description', 500, true),
          c.bool('is_protected', false),
          c.timestamp('created_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_environments_name', columnNames: ['name'] })],
      }),
    );
    await c.utf8mb4('environments');
    const now = new Date().toISOString().slice(0, 23).replace('T', ' ');
    for (const [name, description, isProtected] of [
      ['dev', 'Development', false],
      ['staging', 'Staging', false],
      ['prod', 'Production: only published versions', true],
    ] as const) {
      await queryRunner.query(
        'INSERT INTO environments (name, description, is_protected, created_at) VALUES (?, ?, ?, ?)',
        [name, description, isProtected ? 1 : 0, now],
      );
    }

    await queryRunner.createTable(
      new Table({
        name: 'deployments',
        columns: [
          c.id(),
          c.int('prompt_id'),
          c.int('environment_id'),
          c.int('version'),
          c.int('previous_version', true),
          c.varchar('note', 1000, true),
          c.int('deployed_by_id', true),
          c.timestamp('deployed_at'),
          c.varchar('webhook_secret_hash', 64, true),
          c.varchar('webhook_secret_encrypted', 255, true),
          c.timestamp('webhook_secret_created_at', true),
        ],
        uniques: [
          new TableUnique({
            name: 'UQ_deployments_prompt_id_environment_id',
            columnNames: ['prompt_id', 'environment_id'],
          }),
          new TableUnique({ name: 'UQ_deployments_webhook_secret_hash', columnNames: ['webhook_secret_hash'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_deployments_prompt_id',
            columnNames: ['prompt_id'],
            referencedTableName: 'prompts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_deployments_environment_id',
            columnNames: ['environment_id'],
            referencedTableName: 'environments',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await c.utf8mb4('deployments');

    await queryRunner.createTable(
      new Table({
        name: 'deployment_history',
        columns: [
          c.id(),
          c.int('prompt_id'),
          c.int('environment_id'),
          c.varchar('action', 16),
          c.int('from_version', true),
          c.int('to_version'),
          c.varchar('note', 1000, true),
          c.int('actor_id', true),
          c.varchar('actor_email', 191, true),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'IDX_deployment_history_prompt_env',
            columnNames: ['prompt_id', 'environment_id', 'created_at'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_deployment_history_prompt_id',
            columnNames: ['prompt_id'],
            referencedTableName: 'prompts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await c.utf8mb4('deployment_history');

    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.varchar('prefix', 32),
          c.varchar('salt', 64),
          c.varchar('hash', 64),
          c.varchar('last4', 4),
          c.text('scopes'),
          c.varchar('environment', 64, true),
          c.int('rate_limit_per_minute'),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
          c.timestamp('last_used_at', true),
          c.timestamp('revoked_at', true),
        ],
        uniques: [new TableUnique({ name: 'UQ_api_keys_prefix', columnNames: ['prefix'] })],
      }),
    );
    await c.utf8mb4('api_keys');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
    await queryRunner.dropTable('deployment_history');
    await queryRunner.dropTable('deployments');
    await queryRunner.dropTable('environments');
  }
}
