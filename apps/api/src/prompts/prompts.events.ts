/**
 * Emitted once the transaction that changed a prompt or the status of one of its versions has
 * committed, for whatever keeps a copy of it (the serving cache).
 */
export class PromptChangedEvent {
  static readonly NAME = 'prompt.changed';

  constructor(
    readonly prompt: string,
    readonly action:
      | 'prompt.update'
      | 'prompt.enable'
      | 'prompt.disable'
      | 'version.publish'
      | 'version.archive'
      | 'version.make_latest'
      | 'prompt.deprecate'
      | 'prompt.undeprecate',
  ) {}
}
