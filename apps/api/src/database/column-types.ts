import { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column builders for migrations that must produce equivalent schemas on SQLite and MySQL.
 * Where the dialects differ (long text, millisecond timestamps, utf8mb4) the choice lives here.
 */
export function columnsFor(queryRunner: QueryRunner) {
  const mysql = queryRunner.connection.options.type === 'mysql';
  return {
    mysql,
    id: (): TableColumnOptions => ({
      name: 'id',
      type: 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    }),
    int: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable }),
    varchar: (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    }),
    /** Up to 16 MB on MySQL (MEDIUMTEXT); SQLite TEXT has no practical limit. */
    longText: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: mysql ? 'mediumtext' : 'text',
      isNullable: nullable,
    }),
    text: (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable }),
    bool: (name: string, defaultValue: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      isNullable: false,
      default: mysql ? String(defaultValue) : defaultValue ? 1 : 0,
    }),
    timestamp: (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: 'datetime',
      precision: mysql ? 3 : undefined,
      isNullable: nullable,
    }),
    /** Prompts are multilingual: every MySQL table is utf8mb4, whatever the server's default. */
    async utf8mb4(table: string): Promise<void> {
      if (mysql) {
        await queryRunner.query(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
      }
    },
  };
}
