import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class DeployVersionDto {
  /** The version to serve in this environment. @example 3 */
  @IsInt()
  @Min(1)
  version!: number;

  /** Why, for the history. @example Fixes the greeting */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class RollbackDeploymentDto {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class WebhookInfoDto {
  /** The full webhook URL to paste into Zapier or Make. */
  url!: string;

  createdAt!: Date;
}

export class DeploymentResponseDto {
  prompt!: string;

  environment!: string;

  /** Only published versions can be deployed to a protected environment. */
  isProtected!: boolean;

  /** The version served; null when nothing is deployed here yet. */
  version!: number | null;

  /** What a rollback returns to. */
  previousVersion!: number | null;

  note!: string | null;

  deployedBy!: string | null;

  deployedAt!: Date | null;

  webhook!: WebhookInfoDto | null;
}

export class DeploymentHistoryEntryDto {
  action!: 'deploy' | 'rollback';

  fromVersion!: number | null;

  toVersion!: number;

  note!: string | null;

  actor!: string | null;

  createdAt!: Date;
}

export class WebhookSecretResponseDto {
  /** Shown here and in the URL; anyone holding it can call the webhook. */
  secret!: string;

  url!: string;

  createdAt!: Date;
}
