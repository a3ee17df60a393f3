import { Global, Module } from '@nestjs/common';
import { JobsService } from './jobs.service';

/** The job queues, for every feature module to register its handlers and enqueue work. */
@Global()
@Module({ providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
