import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { PromptDetailResponseDto } from '../prompts/dto/prompt-response.dto';
import { CallersQueryDto, CallersResponseDto } from './dto/callers.dto';
import { DeprecatePromptDto } from './dto/deprecation.dto';
import { RetirementService } from './retirement.service';

/** Retiring a prompt or flow: deprecation with successor and sunset, and who still calls it. */
@ApiTags('retirement')
@ApiBearerAuth()
@Controller('api/v1/prompts/:name')
export class RetirementController {
  constructor(private readonly retirement: RetirementService) {}

  /**
   * Deprecate a prompt or flow: its serving answers carry `Deprecation`, `Sunset` and a
   * `Link` to the successor; after `sunsetAt` callers get 410 `PROMPT_SUNSET` (or, with
   * `afterSunset: serve_successor`, the successor's answer). Sent again, it replaces the settings.
   */
  @Put('deprecation')
  @ApiProblems(400, 401, 403, 404, 409)
  @RequirePermission('prompt:publish')
  deprecatePrompt(
    @Param('name') name: string,
    @Body() body: DeprecatePromptDto,
    @CurrentActor() actor: Actor,
  ): Promise<PromptDetailResponseDto> {
    return this.retirement.deprecatePrompt(name, body, actor);
  }

  /** Take a deprecation back: the prompt is served as before. */
  @Delete('deprecation')
  @ApiProblems(401, 403, 404)
  @RequirePermission('prompt:publish')
  undeprecatePrompt(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<PromptDetailResponseDto> {
    return this.retirement.undeprecatePrompt(name, actor);
  }

  /** The API keys (name and prefix, never the secret) and other callers that ran it in the last `days` days. */
  @Get('callers')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  listPromptCallers(@Param('name') name: string, @Query() query: CallersQueryDto): Promise<CallersResponseDto> {
    return this.retirement.listPromptCallers(name, query.days);
  }
}
