import { ErrorCode, Permission } from '@promptops/shared';
import { DomainError, NotFoundError } from '../common/problem/domain.error';

/** Changing what a protected environment serves (deploying, rolling back, disabling) needs prompt:publish. */
export class ProtectedEnvironmentError extends DomainError {
  constructor(environments: string[], role: string, change: string) {
    const names = environments.map((name) => `"${name}"`).join(', ');
    super(
      403,
      ErrorCode.FORBIDDEN,
      'Forbidden',
      `${names} ${environments.length === 1 ? 'is' : 'are'} protected: ${change} needs the prompt:publish permission, which the ${role} role does not have`,
      undefined,
      { permission: Permission.PROMPT_PUBLISH },
    );
  }
}

export class DeploymentNotFoundError extends NotFoundError {
  /** `serving`: a caller asked for what the environment serves, rather than an operator for its settings. */
  constructor(prompt: string, environment: string, serving = false) {
    super(
      ErrorCode.DEPLOYMENT_NOT_FOUND,
      serving
        ? `Prompt "${prompt}" has no version deployed in "${environment}"`
        : `Prompt "${prompt}" is not deployed in "${environment}"; deploy a version first`,
    );
  }
}

export class WebhookNotFoundError extends NotFoundError {
  /** Without a deployment: a caller's secret, about which nothing is revealed. */
  constructor(deployment?: { prompt: string; environment: string }) {
    super(
      ErrorCode.WEBHOOK_NOT_FOUND,
      deployment
        ? `Prompt "${deployment.prompt}" has no webhook in "${deployment.environment}"; create one first`
        : 'No webhook at this address',
    );
  }
}
