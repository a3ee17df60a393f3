import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TRANSFER_ACTIONS } from '@promptops/shared';
import type { ImportPromptOutcome, ImportReport, ImportVersionOutcome, TransferAction } from '@promptops/shared';

export class ImportVersionOutcomeDto implements ImportVersionOutcome {
  /** The number in the bundle, if it had one. */
  sourceVersion!: number | null;

  /** The number it has here: created, or the existing version with the same content. */
  version!: number;

  @ApiProperty({ enum: TRANSFER_ACTIONS, enumName: 'TransferAction' })
  action!: TransferAction;

  /** SHA-256 (hex) of the version's canonical content. */
  hash!: string;

  /** Why, for `conflict`, `skipped` and renumbered versions: e.g. "v3 here has other content; created as v5". */
  reason?: string;
}

export class ImportDeploymentOutcomeDto {
  environment!: string;

  /** The version number here the environment serves (or would), null when skipped. */
  version!: number | null;

  @ApiProperty({ enum: TRANSFER_ACTIONS, enumName: 'TransferAction' })
  action!: TransferAction;

  reason?: string;
}

export class ImportPromptOutcomeDto implements ImportPromptOutcome {
  name!: string;

  @ApiProperty({ enum: TRANSFER_ACTIONS, enumName: 'TransferAction' })
  action!: TransferAction;

  versions!: ImportVersionOutcomeDto[];

  deployments!: ImportDeploymentOutcomeDto[];

  @ApiPropertyOptional()
  reason?: string;
}

export class ImportNamedOutcomeDto {
  name!: string;

  @ApiProperty({ enum: TRANSFER_ACTIONS, enumName: 'TransferAction' })
  action!: TransferAction;

  reason?: string;
}

export class ImportProviderOutcomeDto {
  name!: string;

  @ApiProperty({ enum: TRANSFER_ACTIONS, enumName: 'TransferAction' })
  action!: TransferAction;

  /** The provider has no API key here and its kind needs one: add it before running its models. */
  needsApiKey!: boolean;
}

export class ImportTotalsDto {
  promptsCreated!: number;
  versionsCreated!: number;
  /** Drafts here that `publish` published because the bundle had their content (action `updated`). */
  versionsPublished!: number;
  versionsUnchanged!: number;
  conflicts!: number;
  deploymentsApplied!: number;
}

/** What an import did, or with `dryRun` would do, to each thing in the bundle. */
export class ImportReportDto implements ImportReport {
  dryRun!: boolean;

  /** False when the import changed nothing (the same bundle imported twice). */
  changed!: boolean;

  prompts!: ImportPromptOutcomeDto[];

  environments!: ImportNamedOutcomeDto[];

  providers!: ImportProviderOutcomeDto[];

  datasets!: ImportNamedOutcomeDto[];

  totals!: ImportTotalsDto;
}
