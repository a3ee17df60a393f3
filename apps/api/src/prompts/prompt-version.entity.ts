import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ChatMessageTemplate, FlowDefinition, ModelConfig, VersionKind, VersionStatus } from '@promptops/shared';
import type { BuilderSpec, VariableMeta } from '@promptops/templating';
import { jsonTransformer, nullableJsonTransformer } from '../database/json.transformer';
import { User } from '../users/user.entity';
import { Prompt } from './prompt.entity';

/** One immutable, numbered revision of a prompt. Only `status` and `isLatest` ever change. */
@Entity({ name: 'prompt_versions' })
export class PromptVersion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ name: 'prompt_id', type: 'integer' })
  promptId!: number;

  @ManyToOne(() => Prompt, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'prompt_id' })
  prompt?: Prompt;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 8, default: 'text' })
  kind!: VersionKind;

  /**
   * The template; for a chat version, its messages in promptflow form (`# role:` lines), and for a
   * flow version its definition as indented JSON: what diffs and search read.
   */
  @Column({ type: 'text' })
  template!: string;

  /** The role messages of a chat version; null for a text version. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<ChatMessageTemplate[]>() })
  messages!: ChatMessageTemplate[] | null;

  /** The definition of a flow version (its steps and output); null for a text or chat version. */
  @Column({ type: 'text', nullable: true, transformer: nullableJsonTransformer<FlowDefinition>() })
  flow!: FlowDefinition | null;

  /** The spec of a version written in builder mode (its template and messages are compiled from it); null for code. */
  @Column({ name: 'builder_spec', type: 'text', nullable: true, transformer: nullableJsonTransformer<BuilderSpec>() })
  builderSpec!: BuilderSpec | null;

  @Column({ name: 'variables_meta', type: 'text', transformer: jsonTransformer<VariableMeta[]>([]) })
  variablesMeta!: VariableMeta[];

  @Column({ name: 'model_config', type: 'text', transformer: jsonTransformer<ModelConfig>({}) })
  modelConfig!: ModelConfig;

  @Column({ type: 'varchar', length: 16 })
  status!: VersionStatus;

  @Column({ name: 'is_latest', type: 'boolean', default: false })
  isLatest!: boolean;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  comment!: string | null;

  @Column({ name: 'cloned_from_version', type: 'integer', nullable: true })
  clonedFromVersion!: number | null;

  @Column({ name: 'created_by_id', type: 'integer', nullable: true })
  createdById!: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: User | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
