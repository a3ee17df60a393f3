/** Emitted once the transaction that created, changed or deleted a provider has committed. */
export class ProviderChangedEvent {
  static readonly NAME = 'provider.changed';

  constructor(
    readonly provider: string,
    readonly action: 'provider.create' | 'provider.update' | 'provider.delete',
  ) {}
}
