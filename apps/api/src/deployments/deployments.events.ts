/** Emitted once the transaction that changed what an environment serves of a prompt has committed. */
export class DeploymentChangedEvent {
  static readonly NAME = 'deployment.changed';

  constructor(
    readonly prompt: string,
    readonly environment: string,
    readonly action:
      | 'deployment.deploy'
      | 'deployment.rollback'
      | 'webhook.create'
      | 'webhook.rotate'
      | 'webhook.update'
      | 'webhook.disable',
    /** The version now deployed, for a deploy or a rollback. */
    readonly version?: number,
  ) {}
}
