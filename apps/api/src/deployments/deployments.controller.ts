import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiSecurity } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { DeploymentsService } from './deployments.service';
import {
  DeploymentHistoryEntryDto,
  DeploymentResponseDto,
  DeployResponseDto,
  DeployVersionDto,
  RollbackDeploymentDto,
  UpdateWebhookDto,
  WebhookSecretResponseDto,
} from './dto/deployment.dto';

@ApiTags('deployments')
@ApiBearerAuth()
@Controller('api/v1/prompts/:name/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  /** What each environment serves for this prompt; webhook URLs only for users with prompt:publish. */
  @Get()
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  listDeployments(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<DeploymentResponseDto[]> {
    return this.deployments.listDeployments(name, actor);
  }

  @Get(':environment')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  getDeployment(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @CurrentActor() actor: Actor,
  ): Promise<DeploymentResponseDto> {
    return this.deployments.getDeployment(name, environment, actor);
  }

  /** Serve a version in an environment, at once and without a code deploy (protected ones: prompt:publish). */
  @Put(':environment')
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:edit')
  @AllowApiKey('deploy')
  @ApiSecurity('apiKey')
  deployVersion(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: DeployVersionDto,
    @CurrentActor() actor: Actor,
  ): Promise<DeployResponseDto> {
    return this.deployments.deployVersion(name, environment, body, actor);
  }

  /** Serve the previously deployed version again. */
  @Post(':environment/rollback')
  @HttpCode(200)
  @ApiProblems(401, 404, 409)
  @RequirePermission('prompt:edit')
  @AllowApiKey('deploy')
  @ApiSecurity('apiKey')
  rollbackDeployment(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: RollbackDeploymentDto,
    @CurrentActor() actor: Actor,
  ): Promise<DeployResponseDto> {
    return this.deployments.rollbackDeployment(name, environment, body.note, actor);
  }

  /** Deploys and rollbacks, newest first. */
  @Get(':environment/history')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  listDeploymentHistory(
    @Param('name') name: string,
    @Param('environment') environment: string,
  ): Promise<DeploymentHistoryEntryDto[]> {
    return this.deployments.listDeploymentHistory(name, environment);
  }

  /** Create or rotate the deployment's webhook secret (for Zapier, Make…). */
  @Post(':environment/webhook-secret')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:publish')
  rotateWebhookSecret(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @CurrentActor() actor: Actor,
  ): Promise<WebhookSecretResponseDto> {
    return this.deployments.rotateWebhookSecret(name, environment, actor);
  }

  /** Whether the webhook serves drafts to end users in debug mode whom its caller names. */
  @Patch(':environment/webhook')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:publish')
  updateWebhook(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: UpdateWebhookDto,
    @CurrentActor() actor: Actor,
  ): Promise<DeploymentResponseDto> {
    return this.deployments.updateWebhook(name, environment, body, actor);
  }

  /** Turn the webhook off; its URL stops working at once. */
  @Delete(':environment/webhook-secret')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:publish')
  disableWebhook(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @CurrentActor() actor: Actor,
  ): Promise<DeploymentResponseDto> {
    return this.deployments.disableWebhook(name, environment, actor);
  }
}
