import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiTags, ApiSecurity } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { CreatePromptDto } from './dto/create-prompt.dto';
import { DiffQueryDto } from './dto/diff-query.dto';
import { DiffResponseDto } from './dto/diff-response.dto';
import { ListPromptsQueryDto } from './dto/list-prompts-query.dto';
import { PromptDetailResponseDto, PromptListResponseDto, PromptResponseDto } from './dto/prompt-response.dto';
import { UpdatePromptDto } from './dto/update-prompt.dto';
import { PromptsService } from './prompts.service';
import { VersionsService } from './versions.service';

@ApiTags('prompts')
@ApiBearerAuth()
// The client's shared prompt type: list items and details both extend it, so no operation names it.
@ApiExtraModels(PromptResponseDto)
@Controller('api/v1/prompts')
export class PromptsController {
  constructor(
    private readonly prompts: PromptsService,
    private readonly versions: VersionsService,
  ) {}

  /**
   * List prompts, newest change first unless `sort` says otherwise; `search`, `folder`, `tag` and
   * `enabled` narrow it. Each item names the version every environment serves.
   */
  @Get()
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  listPrompts(@Query() query: ListPromptsQueryDto): Promise<PromptListResponseDto> {
    return this.prompts.listPrompts(query);
  }

  /** Create a prompt and its version 1. */
  @Post()
  @ApiProblems(400, 401, 409, 413)
  @RequirePermission('prompt:edit')
  @AllowApiKey('write')
  @ApiSecurity('apiKey')
  createPrompt(@Body() body: CreatePromptDto, @CurrentActor() actor: Actor): Promise<PromptDetailResponseDto> {
    return this.prompts.createPrompt(body, actor);
  }

  /** A prompt with its latest version. */
  @Get(':name')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  getPrompt(@Param('name') name: string): Promise<PromptDetailResponseDto> {
    return this.prompts.getPrompt(name);
  }

  /** Change display name, description, folder or tags. */
  @Patch(':name')
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:edit')
  updatePrompt(
    @Param('name') name: string,
    @Body() body: UpdatePromptDto,
    @CurrentActor() actor: Actor,
  ): Promise<PromptDetailResponseDto> {
    return this.prompts.updatePrompt(name, body, actor);
  }

  /** Disable (soft-delete) a prompt; its history is kept. */
  @Post(':name/disable')
  @HttpCode(200)
  @ApiProblems(401, 404)
  @RequirePermission('prompt:edit')
  disablePrompt(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<PromptDetailResponseDto> {
    return this.prompts.setPromptEnabled(name, false, actor);
  }

  /** Enable a disabled prompt again. */
  @Post(':name/enable')
  @HttpCode(200)
  @ApiProblems(401, 404)
  @RequirePermission('prompt:edit')
  enablePrompt(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<PromptDetailResponseDto> {
    return this.prompts.setPromptEnabled(name, true, actor);
  }

  /** Compare two versions: template lines, variables and model settings. */
  @Get(':name/diff')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  diffPromptVersions(@Param('name') name: string, @Query() query: DiffQueryDto): Promise<DiffResponseDto> {
    return this.versions.diffVersions(name, query.from, query.to);
  }
}
