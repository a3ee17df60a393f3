import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { AuditService } from './audit.service';
import { AuditListResponseDto, AuditTargetListResponseDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Who changed what, newest first. Everything needs admin:users; one prompt's own history
   * (`targetType=prompt&targetId=…`, with its deployments) needs only prompt:view. Successful
   * sign-ins are left out unless `includeSignIns=true` (or `action` names them).
   */
  @Get()
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401, 403)
  listAuditEntries(@Query() query: ListAuditQueryDto, @CurrentActor() actor: Actor): Promise<AuditListResponseDto> {
    return this.audit.listEntries(query, actor);
  }

  /**
   * The same entries grouped by target (a prompt, a deployment `name@environment`, a key…),
   * most recently changed first, with each target's count and newest entry. Needs admin:users.
   */
  @Get('targets')
  @RequirePermission('admin:users')
  @ApiProblems(400, 401, 403)
  listAuditTargets(
    @Query() query: ListAuditQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<AuditTargetListResponseDto> {
    return this.audit.listTargets(query, actor);
  }
}
