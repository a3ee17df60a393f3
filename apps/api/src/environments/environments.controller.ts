import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { CreateEnvironmentDto, EnvironmentResponseDto, UpdateEnvironmentDto } from './dto/environment.dto';
import { EnvironmentsService } from './environments.service';

@ApiTags('environments')
@ApiBearerAuth()
@Controller('api/v1/environments')
export class EnvironmentsController {
  constructor(private readonly environments: EnvironmentsService) {}

  /** dev, staging, prod and any custom environments. */
  @Get()
  @ApiProblems(401)
  @RequirePermission('prompt:view')
  listEnvironments(): Promise<EnvironmentResponseDto[]> {
    return this.environments.listEnvironments();
  }

  /** Add a custom environment (a tenant, an A/B label…). */
  @Post()
  @ApiProblems(400, 401, 409)
  @RequirePermission('prompt:publish')
  createEnvironment(@Body() body: CreateEnvironmentDto, @CurrentActor() actor: Actor): Promise<EnvironmentResponseDto> {
    return this.environments.createEnvironment(body, actor);
  }

  /** Change an environment's description or protection. */
  @Patch(':environment')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:publish')
  updateEnvironment(
    @Param('environment') name: string,
    @Body() body: UpdateEnvironmentDto,
    @CurrentActor() actor: Actor,
  ): Promise<EnvironmentResponseDto> {
    return this.environments.updateEnvironment(name, body, actor);
  }
}
