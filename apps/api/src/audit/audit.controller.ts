import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { AuditService } from './audit.service';
import { AuditListResponseDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /**
   * Who changed what, newest first. Everything needs admin:users; one prompt's own history
   * (`targetType=prompt&targetId=…`, with its deployments) needs only prompt:view.
   */
  @Get()
  @RequirePermission('prompt:view')
  @ApiProblems(400, 401, 403)
  listAuditEntries(@Query() query: ListAuditQueryDto, @CurrentActor() actor: Actor): Promise<AuditListResponseDto> {
    return this.audit.listEntries(query, actor);
  }
}
