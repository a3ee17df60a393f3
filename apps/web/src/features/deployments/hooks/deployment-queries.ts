/** What a deploy or rollback changes: the deployment cards and their history. */
export const DEPLOYMENT_QUERIES = ['listDeployments', 'getDeployment', 'listDeploymentHistory'];
