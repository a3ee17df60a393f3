import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The next free id of a sequence whose ids are handed out in blocks (see IdBlocks migration). */
@Entity({ name: 'id_blocks' })
export class IdBlock {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'next_id', type: 'integer' })
  nextId!: number;
}
