import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { PromptFolderQueryDto } from './dto/list-prompts-query.dto';
import { PromptFolderDto } from './dto/prompt-response.dto';
import { PromptsService } from './prompts.service';

/**
 * Outside `/api/v1/prompts/` on purpose: `folders` is a valid prompt name, and a static route
 * there would hide `GET /api/v1/prompts/folders` from the prompt of that name.
 */
@ApiTags('prompts')
@ApiBearerAuth()
@Controller('api/v1/prompt-folders')
export class PromptFoldersController {
  constructor(private readonly prompts: PromptsService) {}

  /** Every folder in use, with the number of prompts filed directly in it. */
  @Get()
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  listPromptFolders(@Query() query: PromptFolderQueryDto): Promise<PromptFolderDto[]> {
    return this.prompts.listPromptFolders(query);
  }
}
