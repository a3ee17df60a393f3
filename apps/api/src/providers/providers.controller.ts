import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { abortOnClose } from '../common/http/abort-on-close';
import { CreateProviderDto } from './dto/create-provider.dto';
import { ProviderListResponseDto, ProviderResponseDto, ProviderTestResponseDto } from './dto/provider-response.dto';
import { TestProviderDto } from './dto/test-provider.dto';
import { UpdateProviderDto } from './dto/update-provider.dto';
import { ProvidersService } from './providers.service';

@ApiTags('providers')
@ApiBearerAuth()
@Controller('api/v1/providers')
export class ProvidersController {
  constructor(private readonly providers: ProvidersService) {}

  /** All model providers, by name. API keys are never returned, only their last four characters. */
  @Get()
  @ApiProblems(401)
  @RequirePermission('prompt:view')
  listProviders(): Promise<ProviderListResponseDto> {
    return this.providers.listProviders();
  }

  /** Add a provider; its API key is stored encrypted. */
  @Post()
  @ApiProblems(400, 401, 409)
  @RequirePermission('admin:providers')
  createProvider(@Body() body: CreateProviderDto, @CurrentActor() actor: Actor): Promise<ProviderResponseDto> {
    return this.providers.createProvider(body, actor);
  }

  @Get(':name')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getProvider(@Param('name') name: string): Promise<ProviderResponseDto> {
    return this.providers.getProvider(name);
  }

  /** Change kind, base URL, key, models or enabled; fields left out are kept. */
  @Patch(':name')
  @ApiProblems(400, 401, 404)
  @RequirePermission('admin:providers')
  updateProvider(
    @Param('name') name: string,
    @Body() body: UpdateProviderDto,
    @CurrentActor() actor: Actor,
  ): Promise<ProviderResponseDto> {
    return this.providers.updateProvider(name, body, actor);
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiProblems(401, 404)
  @RequirePermission('admin:providers')
  deleteProvider(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.providers.deleteProvider(name, actor);
  }

  /** Test the connection: a one-token completion, or the model list of a provider without models. */
  @Post(':name/test')
  @HttpCode(200)
  @ApiProblems(400, 401, 404, 429, 502, 504)
  @RequirePermission('admin:providers')
  testProvider(
    @Param('name') name: string,
    @Body() body: TestProviderDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProviderTestResponseDto> {
    return this.providers.testProvider(name, body, abortOnClose(reply.raw));
  }
}
