import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** Nest's start-up chatter (one line per module and route) is only worth reading when debugging. */
const STARTUP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

const LEVELS: Record<string, LogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
  silent: [],
};

export class AppLogger extends ConsoleLogger {
  private readonly quietStartup: boolean;

  constructor(level: string) {
    super({ logLevels: LEVELS[level] ?? LEVELS.info });
    this.quietStartup = level !== 'debug';
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (this.quietStartup && typeof context === 'string' && STARTUP_CONTEXTS.has(context)) return;
    super.log(message, ...optionalParams);
  }
}
