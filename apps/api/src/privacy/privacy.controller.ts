import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import {
  EffectivePrivacyPolicyDto,
  EffectivePrivacyQueryDto,
  PrivacyPolicyResponseDto,
  PutPrivacyPolicyDto,
} from './dto/privacy-policy.dto';
import { PrivacyPoliciesService } from './privacy-policies.service';

@ApiTags('privacy')
@ApiBearerAuth()
@Controller('api/v1')
export class PrivacyController {
  constructor(private readonly privacy: PrivacyPoliciesService) {}

  /** The instance default redaction policy, under every environment's and prompt's. */
  @Get('privacy/default')
  @ApiProblems(401)
  @RequirePermission('prompt:view')
  getDefaultPrivacyPolicy(): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.getDefault();
  }

  /** Replace the instance default redaction policy (admins). */
  @Put('privacy/default')
  @ApiProblems(400, 401)
  @RequirePermission('admin:providers')
  putDefaultPrivacyPolicy(
    @Body() body: PutPrivacyPolicyDto,
    @CurrentActor() actor: Actor,
  ): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.putDefault(body, actor);
  }

  /** An environment's redaction policy (over the default). */
  @Get('environments/:environment/privacy')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getEnvironmentPrivacyPolicy(@Param('environment') environment: string): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.getEnvironmentPolicy(environment);
  }

  /** Replace an environment's redaction policy (admins). */
  @Put('environments/:environment/privacy')
  @ApiProblems(400, 401, 404)
  @RequirePermission('admin:providers')
  putEnvironmentPrivacyPolicy(
    @Param('environment') environment: string,
    @Body() body: PutPrivacyPolicyDto,
    @CurrentActor() actor: Actor,
  ): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.putEnvironmentPolicy(environment, body, actor);
  }

  /** A prompt's redaction policy (over its environment's and the default). */
  @Get('prompts/:name/privacy')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getPromptPrivacyPolicy(@Param('name') name: string): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.getPromptPolicy(name);
  }

  /** Replace a prompt's redaction policy. */
  @Put('prompts/:name/privacy')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:publish')
  putPromptPrivacyPolicy(
    @Param('name') name: string,
    @Body() body: PutPrivacyPolicyDto,
    @CurrentActor() actor: Actor,
  ): Promise<PrivacyPolicyResponseDto> {
    return this.privacy.putPromptPolicy(name, body, actor);
  }

  /** The policy that applies to the prompt's runs from an environment, and where each action comes from. */
  @Get('prompts/:name/privacy/effective')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getEffectivePrivacyPolicy(
    @Param('name') name: string,
    @Query() query: EffectivePrivacyQueryDto,
  ): Promise<EffectivePrivacyPolicyDto> {
    return this.privacy.getEffectivePolicy(name, query.environment ?? null);
  }
}
