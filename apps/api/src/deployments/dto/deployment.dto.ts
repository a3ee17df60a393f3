import { IntersectionType } from '@nestjs/swagger';
import { RunReadinessDto } from '../../providers/dto/run-issue.dto';
import { IsBoolean, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

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
  /**
   * The full webhook URL to paste into Zapier or Make. It holds the secret, so it is shown only
   * to users who may create or rotate it (prompt:publish); null for everyone else.
   */
  url!: string | null;

  createdAt!: Date;

  /** Whether a caller naming an end user in debug mode (`X-PromptOps-User`) gets drafts. */
  servesDebugDrafts!: boolean;
}

export class UpdateWebhookDto {
  /** Serve drafts to end users in debug mode whom the caller names (`X-PromptOps-User`). Off by default. */
  @IsBoolean()
  servesDebugDrafts!: boolean;
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

  /** Null when the deployment has no webhook. */
  webhook!: WebhookInfoDto | null;
}

/**
 * The answer to a deploy or rollback: the deployment, and whether the version it now serves can
 * run on its model. Deploying is allowed either way (render-only prompts have no model); show
 * `runIssues` as warnings.
 */
export class DeployResponseDto extends IntersectionType(DeploymentResponseDto, RunReadinessDto) {}

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
