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

  onApplicationBootstrap(): Promise<void> {
    return this.providers.ensureDefaults(this.config.providerDefaults);
  }
}
