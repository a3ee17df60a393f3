import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@promptops/shared';
import type { ApiKeyPrincipal } from '../api-keys/api-keys.service';
import { DomainError } from '../common/problem/domain.error';
import { RenderPromptDto, RenderResponseDto } from '../templates/dto/render.dto';
import { RenderingService } from '../templates/rendering.service';
import { ResolutionService, ResolvedPrompt } from './resolution.service';

/** Who is asking: a backend service with an API key, or a console user. */
export interface Caller {
  apiKey?: ApiKeyPrincipal;
}

export const DEFAULT_ENVIRONMENT = 'prod';

@Injectable()
export class ServingService {
  constructor(
    private readonly resolution: ResolutionService,
    private readonly rendering: RenderingService,
  ) {}

  /**
   * Picks the version a caller gets. API keys: an explicit published version, else the
   * deployment of the requested environment (their own, or prod). Console users may also
   * render drafts and, without an environment, get the latest version.
   */
  async resolve(
    name: string,
    request: { version?: number; environment?: string },
    caller: Caller,
  ): Promise<{ resolved: ResolvedPrompt; resolvedBy: RenderResponseDto['resolvedBy'] }> {
    if (caller.apiKey) {
      const environment = request.environment ?? caller.apiKey.environment ?? DEFAULT_ENVIRONMENT;
      if (caller.apiKey.environment && environment !== caller.apiKey.environment) {
        throw new DomainError(
          403,
          ErrorCode.API_KEY_ENVIRONMENT_MISMATCH,
          'Forbidden',
          `This API key only works in "${caller.apiKey.environment}", not "${environment}"`,
        );
      }
      if (request.version)
        return { resolved: await this.resolution.resolveVersion(name, request.version, false), resolvedBy: 'version' };
      return { resolved: await this.resolution.resolveDeployed(name, environment), resolvedBy: 'environment' };
    }
    if (request.version)
      return { resolved: await this.resolution.resolveVersion(name, request.version, true), resolvedBy: 'version' };
    if (request.environment) {
      return { resolved: await this.resolution.resolveDeployed(name, request.environment), resolvedBy: 'environment' };
    }
    return { resolved: await this.resolution.resolveLatest(name), resolvedBy: 'latest' };
  }

  async renderPrompt(name: string, body: RenderPromptDto, caller: Caller): Promise<RenderResponseDto> {
    const { resolved, resolvedBy } = await this.resolve(name, body, caller);
    const result = await this.rendering.render(resolved, body.variables ?? {});
    return {
      text: result.text,
      messages: result.messages,
      prompt: name,
      version: resolved.version,
      environment: resolved.environment,
      resolvedBy,
      variables: result.variables,
      modelConfig: resolved.modelConfig,
    };
  }
}
