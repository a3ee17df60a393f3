import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { columnsFor } from '../column-types';

export class Initial1763780000000 implements MigrationInterface {
  name = 'Initial1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.varchar('email', 191),
          c.varchar('name', 200),
          c.varchar('password_hash', 255),
          c.varchar('role', 32),
          c.varchar('external_id', 191, true),
          c.bool('enabled', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [
          new TableUnique({ name: 'UQ_users_email', columnNames: ['email'] }),
          new TableUnique({ name: 'UQ_users_external_id', columnNames: ['external_id'] }),
        ],
      }),
    );
    await c.utf8mb4('users');

    await queryRunner.createTable(
      new Table({
        name: 'prompts',
        columns: [
          c.id(),
          c.varchar('name', 100),
          c.varchar('display_name', 200),
          c.text('description', true),
          c.varchar('folder', 200, true),
          c.text('tags'),
          c.bool('enabled', true),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [new TableUnique({ name: 'UQ_prompts_name', columnNames: ['name'] })],
        indices: [new TableIndex({ name: 'IDX_prompts_updated_at', columnNames: ['updated_at'] })],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_prompts_created_by_id',
            columnNames: ['created_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    await c.utf8mb4('prompts');

    await queryRunner.createTable(
      new Table({
        name: 'prompt_versions',
        columns: [
          c.id(),
          c.int('prompt_id'),
          c.int('version'),
          c.longText('template'),
          c.text('variables_meta'),
          c.text('model_config'),
          c.varchar('status', 16),
          c.bool('is_latest', false),
          c.varchar('comment', 1000, true),
          c.int('cloned_from_version', true),
          c.int('created_by_id', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        uniques: [
          new TableUnique({ name: 'UQ_prompt_versions_prompt_id_version', columnNames: ['prompt_id', 'version'] }),
        ],
        indices: [
          new TableIndex({ name: 'IDX_prompt_versions_prompt_id_is_latest', columnNames: ['prompt_id', 'is_latest'] }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_prompt_versions_prompt_id',
            columnNames: ['prompt_id'],
            referencedTableName: 'prompts',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            name: 'FK_prompt_versions_created_by_id',
            columnNames: ['created_by_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'SET NULL',
          }),
        ],
      }),
    );
    await c.utf8mb4('prompt_versions');

    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          c.id(),
          c.int('actor_id', true),
          c.varchar('actor_email', 191, true),
          c.varchar('action', 64),
          c.varchar('target_type', 32),
          c.varchar('target_id', 191),
          c.text('summary'),
          c.varchar('ip', 64, true),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_audit_log_target', columnNames: ['target_type', 'target_id'] }),
          new TableIndex({ name: 'IDX_audit_log_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await c.utf8mb4('audit_log');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_log');
    await queryRunner.dropTable('prompt_versions');
    await queryRunner.dropTable('prompts');
    await queryRunner.dropTable('users');
  }
}
