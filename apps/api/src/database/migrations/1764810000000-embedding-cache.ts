import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { columnsFor } from '../column-types';

/** Embeddings fetched for the embedding-similarity scorer, kept so a text is embedded once per model. */
export class EmbeddingCache1764810000000 implements MigrationInterface {
  name = 'EmbeddingCache1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = columnsFor(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'embedding_cache',
        columns: [
          { ...c.varchar('key', 64), isPrimary: true },
          // A vector of 3072 floats as JSON is about 60 KB: more than a MySQL TEXT holds.
          c.longText('vector'),
          c.timestamp('created_at'),
        ],
        indices: [new TableIndex({ name: 'IDX_embedding_cache_created_at', columnNames: ['created_at'] })],
      }),
    );
    await c.utf8mb4('embedding_cache');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('embedding_cache');
  }
}
