import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import {
  ActiveRolloutResponseDto,
  PromoteRolloutDto,
  RolloutActionDto,
  RolloutResponseDto,
  RolloutStatsQueryDto,
  RolloutStatsResponseDto,
  StartRolloutDto,
  UpdateRolloutDto,
} from './dto/rollout.dto';
import { RolloutsService } from './rollouts.service';

/** Canary and A/B rollouts of a deployment; changing one needs what deploying does to prod (prompt:publish). */
@ApiTags('rollouts')
@ApiBearerAuth()
@Controller('api/v1/prompts/:name/deployments/:environment/rollout')
export class RolloutsController {
  constructor(private readonly rollouts: RolloutsService) {}

  /** The running or paused rollout of the deployment, if any. */
  @Get()
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getActiveRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
  ): Promise<ActiveRolloutResponseDto> {
    return this.rollouts.getActiveRollout(name, environment);
  }

  /** Start a canary or A/B test: candidates with weights (percent), the sticky key, ramp steps and guardrails. */
  @Post()
  @ApiProblems(400, 401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  startRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: StartRolloutDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.startRollout(name, environment, body, actor);
  }

  /** Change the candidates' weights, or go to the next ramp step. */
  @Patch()
  @ApiProblems(400, 401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  updateRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: UpdateRolloutDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.updateRollout(name, environment, body, actor);
  }

  /** Everyone gets the baseline until the rollout is resumed. */
  @Post('pause')
  @HttpCode(200)
  @ApiProblems(401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  pauseRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: RolloutActionDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.pauseRollout(name, environment, body, actor);
  }

  @Post('resume')
  @HttpCode(200)
  @ApiProblems(401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  resumeRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: RolloutActionDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.resumeRollout(name, environment, body, actor);
  }

  /** Deploy the candidate (a deploy like any other: history, audit, webhooks) and end the rollout. */
  @Post('promote')
  @HttpCode(200)
  @ApiProblems(400, 401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  promoteRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: PromoteRolloutDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.promoteRollout(name, environment, body, actor);
  }

  /** End the rollout; the baseline stays deployed. */
  @Post('abort')
  @HttpCode(200)
  @ApiProblems(401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  abortRollout(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Body() body: RolloutActionDto,
    @CurrentActor() actor: Actor,
  ): Promise<RolloutResponseDto> {
    return this.rollouts.abortRollout(name, environment, body, actor);
  }

  /** Every rollout of the deployment, newest first. */
  @Get('history')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  listRolloutHistory(
    @Param('name') name: string,
    @Param('environment') environment: string,
  ): Promise<RolloutResponseDto[]> {
    return this.rollouts.listRolloutHistory(name, environment);
  }

  /** Per arm: requests, errors, latency, cost; the tests against the baseline; the guardrails' state. */
  @Get('stats')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getRolloutStats(
    @Param('name') name: string,
    @Param('environment') environment: string,
    @Query() query: RolloutStatsQueryDto,
  ): Promise<RolloutStatsResponseDto> {
    return this.rollouts.getRolloutStats(name, environment, query.id);
  }
}
