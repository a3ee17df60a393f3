import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiSecurity } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { CloneVersionDto } from './dto/clone-version.dto';
import { CreateVersionDto } from './dto/create-version.dto';
import { VersionListResponseDto, VersionResponseDto } from './dto/version-response.dto';
import { VersionsService } from './versions.service';

@ApiTags('versions')
@ApiBearerAuth()
@Controller('api/v1/prompts/:name/versions')
export class VersionsController {
  constructor(private readonly versions: VersionsService) {}

  /** All versions of a prompt, newest first. */
  @Get()
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  listPromptVersions(@Param('name') name: string): Promise<VersionListResponseDto> {
    return this.versions.listVersions(name);
  }

  /** Save a new version; it gets the next number and becomes the latest. Never overwrites. */
  @Post()
  @ApiProblems(400, 401, 404, 409, 413)
  @RequirePermission('prompt:edit')
  @AllowApiKey('write')
  @ApiSecurity('apiKey')
  createPromptVersion(
    @Param('name') name: string,
    @Body() body: CreateVersionDto,
    @CurrentActor() actor: Actor,
  ): Promise<VersionResponseDto> {
    return this.versions.createVersion(name, body, actor);
  }

  @Get(':version')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiSecurity('apiKey')
  getPromptVersion(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
  ): Promise<VersionResponseDto> {
    return this.versions.getVersion(name, version);
  }

  /** Mark a draft (or archived) version as published. */
  @Post(':version/publish')
  @HttpCode(200)
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:publish')
  @AllowApiKey('write')
  @ApiSecurity('apiKey')
  publishPromptVersion(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
    @CurrentActor() actor: Actor,
  ): Promise<VersionResponseDto> {
    return this.versions.publishVersion(name, version, actor);
  }

  /** Archive a version: kept for history, no longer offered for deployment. */
  @Post(':version/archive')
  @HttpCode(200)
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:edit')
  archivePromptVersion(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
    @CurrentActor() actor: Actor,
  ): Promise<VersionResponseDto> {
    return this.versions.archiveVersion(name, version, actor);
  }

  /** Copy a version's content into a new draft version. */
  @Post(':version/clone')
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:edit')
  clonePromptVersion(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
    @Body() body: CloneVersionDto,
    @CurrentActor() actor: Actor,
  ): Promise<VersionResponseDto> {
    return this.versions.cloneVersion(name, version, body.comment, actor);
  }

  /** Make an existing version the latest again (roll back or forward). */
  @Post(':version/make-latest')
  @HttpCode(200)
  @ApiProblems(400, 401, 404, 409)
  @RequirePermission('prompt:edit')
  makePromptVersionLatest(
    @Param('name') name: string,
    @Param('version', ParsePositiveIntPipe) version: number,
    @CurrentActor() actor: Actor,
  ): Promise<VersionResponseDto> {
    return this.versions.makeLatest(name, version, actor);
  }
}
