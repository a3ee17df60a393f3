import { Injectable } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import type { Caller } from '../serving/serving.service';
import { ExecuteFlowDto, TestFlowDto } from './dto/execute-flow.dto';
import { FlowRunQueuedResponseDto, FlowRunResponseDto } from './dto/flow-run-response.dto';

/** Runs flows: resolution, the step scheduler, JSON or server-sent answers, idempotency. */
@Injectable()
export class FlowExecutionService {
  executeFlow(
    _name: string,
    _body: ExecuteFlowDto,
    _caller: Caller,
    _idempotencyKey: string | undefined,
    _reply: FastifyReply,
  ): Promise<FlowRunResponseDto | FlowRunQueuedResponseDto | undefined> {
    throw new Error('not implemented');
  }

  testFlow(
    _name: string,
    _body: TestFlowDto,
    _actor: Actor,
    _reply: FastifyReply,
  ): Promise<FlowRunResponseDto | undefined> {
    throw new Error('not implemented');
  }
}
