/** Emitted once the transaction that revoked an API key has committed. */
export class ApiKeyRevokedEvent {
  static readonly NAME = 'api-key.revoked';

  constructor(
    readonly id: number,
    readonly prefix: string,
  ) {}
}
