// @ts-check
/**
 * A job worker process for jobs-workers.e2e-spec.ts: the compiled JobsModule (apps/api/dist)
 * with one test queue, `fixture`, since the production build registers no test handler. Each
 * job logs `started <id> <pid>` and, after `data.ms` milliseconds, `done <id> <pid>` to the
 * Redis list `<JOBS_PREFIX>:fixture-log`. Environment as for `main.js worker`.
 */
require('reflect-metadata');
const { join } = require('node:path');
const { setTimeout: sleep } = require('node:timers/promises');
const { Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const Redis = require('ioredis').default;

const DIST = join(__dirname, '../../dist');
const { loadConfig } = require(join(DIST, 'config/app-config'));
const { ConfigModule } = require(join(DIST, 'config/config.module'));
const { JobsModule } = require(join(DIST, 'jobs/jobs.module'));
const { JobsService } = require(join(DIST, 'jobs/jobs.service'));

class FixtureWorkerModule {}

async function main() {
  const config = loadConfig(process.env, 'worker');
  Module({ imports: [ConfigModule.forRoot(config), JobsModule] })(FixtureWorkerModule);
  const app = await NestFactory.createApplicationContext(FixtureWorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  const log = new Redis(/** @type {string} */ (config.redisUrl));
  const key = `${config.jobs.prefix}:fixture-log`;
  const jobs = app.get(JobsService);
  jobs.register('fixture', async (/** @type {{ ms: number }} */ data, ctx) => {
    await log.rpush(key, `started ${ctx.jobId} ${process.pid}`);
    await sleep(data.ms, undefined, { signal: ctx.signal });
    await log.rpush(key, `done ${ctx.jobId} ${process.pid}`);
  });
  jobs.start();
  console.log('fixture worker ready');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
