import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ProvidersService } from './providers.service';

/** Providers described by the environment (OPENAI_API_KEY, OLLAMA_BASE_URL…) exist after start-up. */
@Injectable()
export class ProviderBootstrapService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly providers: ProvidersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // The API creates them; workers starting beside it would only race it.
    if (this.config.role !== 'api') return;
    return this.providers.ensureDefaults(this.config.providerDefaults);
  }
}
