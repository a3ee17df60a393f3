import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RunMessageDto, RunUsageDto } from '../../runs/dto/run-response.dto';

/** The answer of a run (also the `done` event of a streamed one). */
export class PlaygroundRunResponseDto {
  runId!: number;

  output!: string;

  usage!: RunUsageDto;

  /** US dollars; null when the model's price is unknown. */
  costUsd!: number | null;

  latencyMs!: number;

  /** Time to first token; null for an answer that was not streamed. */
  ttftMs!: number | null;

  /** Why the model stopped, e.g. `stop` or `length`. */
  finishReason!: string;

  provider!: string;

  model!: string;

  /** The prompt version that was run, if any. */
  version!: number | null;

  /** The environment whose deployment was run (run API, webhooks); null in the Playground. */
  environment!: string | null;

  /** Run API: how the version was chosen (`debug`: a user in debug mode got the newest draft). */
  @ApiPropertyOptional({ enum: ['environment', 'version', 'latest', 'debug'] })
  resolvedBy?: 'environment' | 'version' | 'latest' | 'debug';

  /** Run API: the rollout arm that was served (`baseline`, `candidate`, `candidate-2`…); null outside a rollout. */
  @ApiPropertyOptional({ type: String, nullable: true })
  rolloutVariant?: string | null;

  /** The messages that were sent to the model (after the privacy policy's redaction). */
  renderedMessages!: RunMessageDto[];

  /** Values the privacy policy redacted before the call, per entity type (counts, never values). @example {"EMAIL": 2} */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  redactions!: Record<string, number>;
}
