import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Alerts: rules that watch a prompt's runs (error rate, p95 latency, cost per hour, requests)
 * and post to a webhook when they start and stop firing, and the history of those posts.
 */
export class Alerts1765010000000 implements MigrationInterface {
  name = 'Alerts1765010000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'alert_rules',
        columns: [
          c.id(),
          c.varchar('name', 100),
          c.varchar('prompt_name', 100),
          // '' watches every environment together.
          { ...c.varchar('environment', 64), default: "''" },
          c.varchar('metric', 32),
          c.varchar('comparator', 2),
          { name: 'threshold', type: 'double precision', isNullable: false },
          { ...c.int('window_minutes'), default: 5 },
          { ...c.int('min_requests'), default: 10 },
          // `v1:iv:tag:ciphertext` (AES-256-GCM): the URL's path is a secret on Slack and most chat tools.
          c.text('webhook_url_encrypted'),
          c.varchar('webhook_url_hint', 300),
          c.bool('enabled', true),
          { ...c.varchar('state', 8), default: "'ok'" },
          { name: 'last_value', type: 'double precision', isNullable: true },
          c.timestamp('last_evaluated_at', true),
          c.timestamp('state_changed_at', true),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_alert_rules_prompt_name', columnNames: ['prompt_name'] }),
          new TableIndex({ name: 'IDX_alert_rules_enabled', columnNames: ['enabled'] }),
        ],
      }),
    );
    await c.utf8mb4('alert_rules');

    await queryRunner.createTable(
      new Table({
        name: 'alert_events',
        columns: [
          c.id(),
          c.int('rule_id', true),
          c.varchar('kind', 16),
          c.varchar('prompt_name', 100),
          { ...c.varchar('environment', 64), default: "''" },
          c.varchar('metric', 32, true),
          { name: 'value', type: 'double precision', isNullable: true },
          { name: 'threshold', type: 'double precision', isNullable: true },
          c.text('message'),
          c.varchar('delivery_status', 16),
          c.int('http_status', true),
          c.varchar('delivery_error', 500, true),
          c.timestamp('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'IDX_alert_events_prompt_name', columnNames: ['prompt_name'] }),
          new TableIndex({ name: 'IDX_alert_events_rule_id', columnNames: ['rule_id'] }),
          new TableIndex({ name: 'IDX_alert_events_created_at', columnNames: ['created_at'] }),
        ],
      }),
    );
    await c.utf8mb4('alert_events');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('alert_events');
    await queryRunner.dropTable('alert_rules');
  }
}
