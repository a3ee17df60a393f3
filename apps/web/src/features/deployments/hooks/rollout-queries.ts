/** What a rollout change refreshes: the rollout, its stats and history, and (promote) the deployment cards. */
export const ROLLOUT_QUERIES = [
  'getActiveRollout',
  'getRolloutStats',
  'listRolloutHistory',
  'listDeployments',
  'getDeployment',
  'listDeploymentHistory',
  'listPrompts',
  'listFlows',
];

/** How often a running rollout's panel refreshes its live stats. */
export const ROLLOUT_REFRESH_MS = 3000;
