/** What a deploy or rollback changes: the deployment cards, their history and the prompt list's badges. */
export const DEPLOYMENT_QUERIES = [
  'listDeployments',
  'getDeployment',
  'listDeploymentHistory',
  'listPrompts',
  'listFlows',
];
