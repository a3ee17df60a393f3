import { Injectable } from '@nestjs/common';
import { IdBlock } from './id-block.entity';
import { TransactionService } from './transaction.service';

/** A range of ids, `first` included, `end` excluded, that no other process will use. */
export interface IdRange {
  first: number;
  end: number;
}

/**
 * Reserves ranges of a sequence's ids in one short transaction: the row's update takes its
 * lock (InnoDB) or the database's write lock (SQLite), so two replicas never get the same range.
 */
@Injectable()
export class IdBlocksService {
  constructor(private readonly transactions: TransactionService) {}

  reserve(name: string, size: number): Promise<IdRange> {
    return this.transactions.run(async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(IdBlock)
        .set({ nextId: () => `next_id + ${Math.floor(size)}` })
        .where('name = :name', { name })
        .execute();
      if (updated.affected === 0) throw new Error(`No id sequence named "${name}"`);
      const row = await manager.findOneByOrFail(IdBlock, { name });
      const end = Number(row.nextId);
      return { first: end - size, end };
    });
  }
}
