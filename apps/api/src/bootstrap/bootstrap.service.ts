import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DatasetAlreadyExistsError } from '../datasets/datasets.errors';
import { DatasetsService } from '../datasets/datasets.service';
import { DEMO_DATASETS } from '../demo/demo-datasets';
import { DEMO_FLOWS } from '../demo/demo-flows';
import { DEMO_PROMPTS } from '../demo/demo-prompts';
import { FlowsService } from '../flows/flows.service';
import { Prompt } from '../prompts/prompt.entity';
import { PromptAlreadyExistsError } from '../prompts/prompts.errors';
import { PromptsService } from '../prompts/prompts.service';
import { UsersService } from '../users/users.service';

/** First start on an empty database: the first admin and, in embedded mode, demo prompts, a demo flow and a demo dataset. */
@Injectable()
export class BootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(BootstrapService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly prompts: PromptsService,
    private readonly datasets: DatasetsService,
    private readonly flows: FlowsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Seeding is the API's: workers starting beside it would only race it.
    if (this.config.role !== 'api') return;
    const admin = await this.users.ensureFirstAdmin();
    if (!admin || !this.config.demoData) return;
    if ((await this.dataSource.getRepository(Prompt).count()) > 0) return;
    const actor = { user: this.users.toResponse(admin), ip: null };
    for (const prompt of DEMO_PROMPTS) {
      await this.prompts.createPrompt(prompt, actor).catch((error: unknown) => {
        // Another replica seeded it first.
        if (!(error instanceof PromptAlreadyExistsError)) throw error;
      });
    }
    // After the prompts: a flow is saved only when the prompts its steps call exist. Like the
    // demo prompts it is not deployed: the first deploy is the user's (the console's checklist).
    for (const flow of DEMO_FLOWS) {
      await this.flows.createFlow(flow, actor).catch((error: unknown) => {
        if (!(error instanceof PromptAlreadyExistsError)) throw error;
      });
    }
    for (const dataset of DEMO_DATASETS) {
      await this.datasets.createDataset(dataset, actor).catch((error: unknown) => {
        if (!(error instanceof DatasetAlreadyExistsError)) throw error;
      });
    }
    this.logger.log(
      `Added ${DEMO_PROMPTS.length} demo prompts, ${DEMO_FLOWS.length} demo flow and ${DEMO_DATASETS.length} demo dataset`,
    );
  }
}
