import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { API_KEY_SCOPES } from '@promptops/shared';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor, RequestWithUser } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ApiKeysService } from './api-keys.service';
import {
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponseDto,
  CurrentApiKeyResponseDto,
} from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('api/v1/api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  /** Create a key for a backend service; the secret is in the answer, once. */
  @Post()
  @ApiProblems(400, 401)
  @RequirePermission('admin:keys')
  createApiKey(@Body() body: CreateApiKeyDto, @CurrentActor() actor: Actor): Promise<CreatedApiKeyResponseDto> {
    return this.apiKeys.createApiKey(body, actor);
  }

  /** All keys, revoked ones included; never their secrets. */
  @Get()
  @ApiProblems(401)
  @RequirePermission('admin:keys')
  listApiKeys(): Promise<ApiKeyResponseDto[]> {
    return this.apiKeys.listApiKeys();
  }

  /** The key this call is made with (any scope): its name, scopes and environment (`promptops whoami`). */
  @Get('current')
  @ApiSecurity('apiKey')
  @AllowApiKey(...API_KEY_SCOPES)
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  getCurrentApiKey(@Req() request: RequestWithUser): CurrentApiKeyResponseDto {
    return this.apiKeys.describeCurrent(request.apiKey);
  }

  /** Revoke a key: refused at once, on every replica. */
  @Post(':id/revoke')
  @HttpCode(200)
  @ApiProblems(400, 401, 404)
  @RequirePermission('admin:keys')
  revokeApiKey(
    @Param('id', ParsePositiveIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<ApiKeyResponseDto> {
    return this.apiKeys.revokeApiKey(id, actor);
  }
}
