import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GatewayModule } from '../gateway/gateway.module';
import { RunExecutor } from './run-executor.service';
import { Run } from './run.entity';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({
  imports: [TypeOrmModule.forFeature([Run]), GatewayModule],
  providers: [RunsService, RunExecutor],
  controllers: [RunsController],
  exports: [RunsService, RunExecutor],
})
export class RunsModule {}
