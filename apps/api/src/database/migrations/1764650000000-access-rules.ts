import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Access rules: debug drafts are served to a named end user only by API keys and webhooks
 * allowed to (off by default), and a user's sessions carry a version that a password change,
 * a reset, a role change or disabling the account moves on, ending the sessions issued before.
 */
export class AccessRules1764650000000 implements MigrationInterface {
  name = 'AccessRules1764650000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('api_keys', new TableColumn(c.bool('serve_debug_drafts', false)));
    await queryRunner.addColumn('deployments', new TableColumn(c.bool('webhook_serves_debug_drafts', false)));
    await queryRunner.addColumn('users', new TableColumn({ ...c.int('session_version'), default: 0 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'session_version');
    await queryRunner.dropColumn('deployments', 'webhook_serves_debug_drafts');
    await queryRunner.dropColumn('api_keys', 'serve_debug_drafts');
  }
}
