import { RequirePermission } from '../common/auth/require-permission.decorator';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponseDto, CreateApiKeyDto, CreatedApiKeyResponseDto } from './dto/api-key.dto';

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
