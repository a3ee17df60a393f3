import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * PII redaction policies (instance default, per environment, per prompt) and, on each run, how
 * many values of each entity type were redacted before the call (counts only, never values).
 */
export class PrivacyPolicies1765120000000 implements MigrationInterface {
  name = 'PrivacyPolicies1765120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'privacy_policies',
        columns: [
          c.id(),
          // `default`, `environment` or `prompt`.
          c.varchar('scope', 16),
          // '' where the scope does not name one: part of the unique key, and MySQL allows duplicate NULLs.
          { ...c.varchar('prompt_name', 100), default: "''" },
          { ...c.varchar('environment', 64), default: "''" },
          // {TYPE: off|mask|tokenize|block}
          c.text('entities'),
          // CustomRecognizer[]
          c.text('custom'),
          c.int('updated_by_id', true),
          c.timestamp('updated_at'),
        ],
        uniques: [],
        indices: [
          new TableIndex({
            name: 'UQ_privacy_policies_scope_prompt_environment',
            columnNames: ['scope', 'prompt_name', 'environment'],
            isUnique: true,
          }),
        ],
      }),
    );
    await c.utf8mb4('privacy_policies');
    await queryRunner.addColumn('runs', new TableColumn(c.text('redactions', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('runs', 'redactions');
    await queryRunner.dropTable('privacy_policies');
  }
}
