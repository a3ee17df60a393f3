import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { StreamedUpload, uploadedBody } from '../common/http/streamed-upload';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { DatasetImportInvalidError } from './datasets.errors';
import { DatasetImportsService } from './dataset-imports.service';
import { DatasetsService } from './datasets.service';
import { AddItemFromRunDto, ChangeDatasetItemsDto, SingleItemDto } from './dto/dataset-item-input.dto';
import { DatasetItemsQueryDto, ExportDatasetQueryDto, ImportDatasetQueryDto } from './dto/dataset-query.dto';
import { DatasetChangeResponseDto, DatasetItemListResponseDto } from './dto/dataset-response.dto';

const IMPORT_MEDIA_TYPES = ['text/csv', 'application/x-ndjson', 'application/jsonl', 'application/json', 'text/plain'];
const EXPORT_MEDIA_TYPES = { csv: 'text/csv', jsonl: 'application/x-ndjson', json: 'application/json' } as const;

/** A dataset's items: read by version, changed by making a new version, imported and exported. */
@ApiTags('datasets')
@ApiBearerAuth()
@Controller('api/v1/datasets/:name')
export class DatasetItemsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly imports: DatasetImportsService,
  ) {}

  /** A page of a version's items (the latest unless `version` says), in the order they were first added. */
  @Get('items')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  listDatasetItems(
    @Param('name') name: string,
    @Query() query: DatasetItemsQueryDto,
  ): Promise<DatasetItemListResponseDto> {
    return this.datasets.listItems(name, query);
  }

  /** Add, update (by key) and remove (by key) items: exactly one new version. */
  @Post('changes')
  @ApiProblems(400, 401, 404, 413)
  @RequirePermission('prompt:edit')
  changeDatasetItems(
    @Param('name') name: string,
    @Body() body: ChangeDatasetItemsDto,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    return this.datasets.changeItems(name, body, actor);
  }

  /** Add one item (a new version). */
  @Post('items')
  @ApiProblems(400, 401, 404, 413)
  @RequirePermission('prompt:edit')
  addDatasetItem(
    @Param('name') name: string,
    @Body() body: SingleItemDto,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    const { change, ...item } = body;
    return this.datasets.changeItems(name, { add: [item], change }, actor);
  }

  /** Replace one item's content (a new version; the old content stays in earlier versions). */
  @Put('items/:itemKey')
  @ApiProblems(400, 401, 404, 413)
  @RequirePermission('prompt:edit')
  updateDatasetItem(
    @Param('name') name: string,
    @Param('itemKey') itemKey: string,
    @Body() body: SingleItemDto,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    const { change, ...item } = body;
    return this.datasets.changeItems(name, { update: [{ ...item, itemKey }], change }, actor);
  }

  /** Remove one item (a new version). */
  @Delete('items/:itemKey')
  @HttpCode(200)
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:edit')
  removeDatasetItem(
    @Param('name') name: string,
    @Param('itemKey') itemKey: string,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    return this.datasets.removeItem(name, itemKey, actor);
  }

  /** A run from the run log as a new item: its variables as input, its output (unless `expected` is given) as expected. */
  @Post('items/from-run')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:edit')
  addDatasetItemFromRun(
    @Param('name') name: string,
    @Body() body: AddItemFromRunDto,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    return this.datasets.addItemFromRun(name, body, actor);
  }

  /**
   * Import a file (the raw body, up to 100 MB) as one new version. CSV: a header row; each
   * column is an input variable except `expected` (JSON when it parses, else text) and
   * `metadata` (a JSON object). JSONL: one item per line. JSON: an array of items. An item is
   * `{input, expected?, metadata?}` or a flat object of variables. A bad row answers 400
   * `DATASET_IMPORT_INVALID` with its `line` and `column`, and nothing is imported. With
   * `create=true`, a dataset that does not exist yet is created with the file's items as version 1.
   */
  @Post('import')
  @StreamedUpload(IMPORT_MEDIA_TYPES)
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/json')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiProblems(400, 401, 404, 409, 413)
  @RequirePermission('prompt:edit')
  importDatasetItems(
    @Param('name') name: string,
    @Query() query: ImportDatasetQueryDto,
    @Req() request: FastifyRequest,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetChangeResponseDto> {
    const body = uploadedBody(request);
    if (!body)
      throw new DatasetImportInvalidError(
        'send the file as the body, as text/csv, application/x-ndjson or application/json',
      );
    return this.imports.importItems(name, query.format, query.mode, body, actor, query.create ?? false);
  }

  /** A version's items (the latest unless `version` says) as a file that import reads back, streamed. */
  @Get('export')
  @ApiProduces('text/csv', 'application/x-ndjson', 'application/json')
  @ApiOkResponse({
    description: 'The items as a file',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  async exportDatasetItems(
    @Param('name') name: string,
    @Query() query: ExportDatasetQueryDto,
  ): Promise<StreamableFile> {
    const { stream, filename } = await this.datasets.exportItems(name, query.format, query.version);
    return new StreamableFile(stream, {
      type: `${EXPORT_MEDIA_TYPES[query.format]}; charset=utf-8`,
      disposition: `attachment; filename="${filename}"`,
    });
  }
}
