import { ApiKey } from '../api-keys/api-key.entity';
import { Dataset } from '../datasets/dataset.entity';
import { DatasetItem } from '../datasets/dataset-item.entity';
import { DatasetVersion } from '../datasets/dataset-version.entity';
import { Experiment } from '../experiments/experiment.entity';
import { ExperimentResult } from '../experiments/experiment-result.entity';
import { Rollout } from '../rollouts/rollout.entity';
import { AuditLogEntry } from '../audit/audit-log-entry.entity';
import { Deployment } from '../deployments/deployment.entity';
import { IdBlock } from './id-block.entity';
import { IdempotencyKey } from '../idempotency/idempotency-key.entity';
import { DeploymentHistoryEntry } from '../deployments/deployment-history-entry.entity';
import { Environment } from '../environments/environment.entity';
import { Prompt } from '../prompts/prompt.entity';
import { PromptVersion } from '../prompts/prompt-version.entity';
import { Provider } from '../providers/provider.entity';
import { Run } from '../runs/run.entity';
import { EmbeddingCacheEntry } from '../scorers/embedding-cache-entry.entity';
import { User } from '../users/user.entity';
import { AlertEvent } from '../alerts/alert-event.entity';
import { PrivacyPolicy } from '../privacy/privacy-policy.entity';
import { AlertRule } from '../alerts/alert-rule.entity';

export const ENTITIES = [
  User,
  Prompt,
  PromptVersion,
  AuditLogEntry,
  Provider,
  Run,
  Environment,
  Deployment,
  DeploymentHistoryEntry,
  ApiKey,
  IdBlock,
  Dataset,
  DatasetVersion,
  DatasetItem,
  Experiment,
  ExperimentResult,
  EmbeddingCacheEntry,
  IdempotencyKey,
  Rollout,
  AlertRule,
  AlertEvent,
  PrivacyPolicy,
];
