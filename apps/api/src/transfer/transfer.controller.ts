import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { AllowApiKey } from '../common/auth/api-key-auth.decorator';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { BodyLimit } from '../common/http/body-limit';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ExportQueryDto } from './dto/export-query.dto';
import { ImportReportDto } from './dto/import-report.dto';
import { ImportRequestDto, TransferBundleDto } from './dto/transfer-bundle.dto';
import { TransferService } from './transfer.service';

/** A whole instance with every version can be a few megabytes of JSON. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * Prompts as one bundle (`promptops/v1`): what the CLI's `export`, `pull`, `import` and `push`
 * call. Providers travel without their API keys.
 */
@ApiTags('transfer')
@ApiBearerAuth()
@ApiSecurity('apiKey')
@Controller('api/v1/transfer')
export class TransferController {
  constructor(private readonly transfer: TransferService) {}

  /**
   * Prompts and flows with their versions (oldest first, each with its content `hash`) and
   * deployments; with no `prompts` filter also environments, keyless providers and datasets.
   */
  @Get('export')
  @RequirePermission('prompt:view')
  @AllowApiKey('read')
  @ApiProblems(400, 401, 403, 404)
  exportBundle(@Query() query: ExportQueryDto): Promise<TransferBundleDto> {
    return this.transfer.exportBundle(query);
  }

  /**
   * Imports a bundle in one transaction, never overwriting a version (see the import rules in
   * docs/prompts-as-files.md); `dryRun` reports the same and writes nothing. Creating
   * environments or providers needs `admin:providers`; applying deployments needs
   * `prompt:publish` (API keys: the `deploy` scope).
   */
  @Post('import')
  @HttpCode(200)
  @BodyLimit(IMPORT_BODY_LIMIT)
  @RequirePermission('prompt:edit')
  @AllowApiKey('write')
  @ApiProblems(400, 401, 403, 404, 409, 413)
  importBundle(@Body() body: ImportRequestDto, @CurrentActor() actor: Actor): Promise<ImportReportDto> {
    return this.transfer.importBundle(body, actor);
  }
}
