import { Initial1763780000000 } from './1763780000000-initial';
import { ChatVersions1763790000000 } from './1763790000000-chat-versions';
import { ProvidersAndRuns1763800000000 } from './1763800000000-providers-and-runs';
import { Serving1763810000000 } from './1763810000000-serving';
import { UserDebugMode1763820000000 } from './1763820000000-user-debug-mode';
import { AccessRules1764650000000 } from './1764650000000-access-rules';
import { IdBlocks1764700000000 } from './1764700000000-id-blocks';
import { Evaluations1764800000000 } from './1764800000000-evaluations';
import { EmbeddingCache1764810000000 } from './1764810000000-embedding-cache';
import { Flows1764900000000 } from './1764900000000-flows';
import { MetricRollups1765000000000 } from './1765000000000-metric-rollups';
import { Alerts1765010000000 } from './1765010000000-alerts';
import { Rollouts1765020000000 } from './1765020000000-rollouts';
import { Retirement1765030000000 } from './1765030000000-retirement';
import { BuilderSpecs1765100000000 } from './1765100000000-builder-specs';
import { PrivacyPolicies1765120000000 } from './1765120000000-privacy-policies';

/** Listed explicitly (no glob) so the same set loads from sources in tests and from dist. */
export const MIGRATIONS = [
  Initial1763780000000,
  ChatVersions1763790000000,
  ProvidersAndRuns1763800000000,
  Serving1763810000000,
  UserDebugMode1763820000000,
  AccessRules1764650000000,
  IdBlocks1764700000000,
  Evaluations1764800000000,
  EmbeddingCache1764810000000,
  Flows1764900000000,
  MetricRollups1765000000000,
  Alerts1765010000000,
  Rollouts1765020000000,
  Retirement1765030000000,
  BuilderSpecs1765100000000,
  PrivacyPolicies1765120000000,
];
