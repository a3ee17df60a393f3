import { Injectable } from '@nestjs/common';
import { Actor } from '../common/auth/authenticated-user';
import { ListPromptsQueryDto } from '../prompts/dto/list-prompts-query.dto';
import { PromptListResponseDto } from '../prompts/dto/prompt-response.dto';
import { CreateFlowDto, CreateFlowVersionDto, ValidateFlowDto } from './dto/create-flow.dto';
import { FlowResponseDto, FlowValidationResponseDto, FlowVersionResponseDto } from './dto/flow-response.dto';

/** Flows as registry entries: list, create, versions, validation. Deploying goes through DeploymentsService. */
@Injectable()
export class FlowsService {
  listFlows(_query: ListPromptsQueryDto): Promise<PromptListResponseDto> {
    throw new Error('not implemented');
  }

  createFlow(_body: CreateFlowDto, _actor: Actor): Promise<FlowResponseDto> {
    throw new Error('not implemented');
  }

  validateFlow(_body: ValidateFlowDto): Promise<FlowValidationResponseDto> {
    throw new Error('not implemented');
  }

  getFlow(_name: string): Promise<FlowResponseDto> {
    throw new Error('not implemented');
  }

  createFlowVersion(_name: string, _body: CreateFlowVersionDto, _actor: Actor): Promise<FlowVersionResponseDto> {
    throw new Error('not implemented');
  }

  getFlowVersion(_name: string, _version: number): Promise<FlowVersionResponseDto> {
    throw new Error('not implemented');
  }
}
