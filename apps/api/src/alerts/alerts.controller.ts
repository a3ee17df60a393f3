import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { AlertsService } from './alerts.service';
import { AlertDeliveryResponseDto, AlertEventListResponseDto, ListAlertEventsQueryDto } from './dto/alert-event.dto';
import {
  AlertRuleListResponseDto,
  AlertRuleResponseDto,
  CreateAlertRuleDto,
  UpdateAlertRuleDto,
} from './dto/alert-rule.dto';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  /** Alert rules, with their state (ok or firing) and the value the last check measured. */
  @Get('rules')
  @ApiQuery({ name: 'prompt', required: false, description: 'Only rules of this prompt' })
  @ApiProblems(401)
  @RequirePermission('prompt:view')
  listAlertRules(@Query('prompt') prompt?: string): Promise<AlertRuleListResponseDto> {
    return this.alerts.listRules(prompt || undefined);
  }

  /** Add a rule: it is checked every ALERTS_INTERVAL_MS and posts when it starts and stops firing. */
  @Post('rules')
  @ApiProblems(400, 401, 403, 404)
  @RequirePermission('prompt:publish')
  createAlertRule(@Body() body: CreateAlertRuleDto, @CurrentActor() actor: Actor): Promise<AlertRuleResponseDto> {
    return this.alerts.createRule(body, actor);
  }

  @Get('rules/:id')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getAlertRule(@Param('id', ParsePositiveIntPipe) id: number): Promise<AlertRuleResponseDto> {
    return this.alerts.getRule(id);
  }

  /** Change a rule; fields left out are kept. */
  @Patch('rules/:id')
  @ApiProblems(400, 401, 403, 404)
  @RequirePermission('prompt:publish')
  updateAlertRule(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Body() body: UpdateAlertRuleDto,
    @CurrentActor() actor: Actor,
  ): Promise<AlertRuleResponseDto> {
    return this.alerts.updateRule(id, body, actor);
  }

  /** Delete a rule; its history stays. */
  @Delete('rules/:id')
  @HttpCode(204)
  @ApiProblems(401, 403, 404)
  @RequirePermission('prompt:publish')
  deleteAlertRule(@Param('id', ParsePositiveIntPipe) id: number, @CurrentActor() actor: Actor): Promise<void> {
    return this.alerts.deleteRule(id, actor);
  }

  /** Post a test message to the rule's webhook and answer how the delivery went. */
  @Post('rules/:id/test')
  @HttpCode(200)
  @ApiProblems(401, 403, 404)
  @RequirePermission('prompt:publish')
  testAlertRule(
    @Param('id', ParsePositiveIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<AlertDeliveryResponseDto> {
    return this.alerts.testRule(id, actor);
  }

  /** The alert history, newest first: firings, resolutions, guardrails and tests, with how each post went. */
  @Get('events')
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  listAlertEvents(@Query() query: ListAlertEventsQueryDto): Promise<AlertEventListResponseDto> {
    return this.alerts.listEvents(query);
  }
}
