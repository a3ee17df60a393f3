import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { columnsFor } from '../column-types';

/**
 * Builder mode: a version written as a structured form keeps its spec (JSON, with the output
 * profile inside it) beside the template compiled from it; null for versions written in code.
 */
export class BuilderSpecs1765100000000 implements MigrationInterface {
  name = 'BuilderSpecs1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.addColumn('prompt_versions', new TableColumn(c.longText('builder_spec', true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('prompt_versions', 'builder_spec');
  }
}
