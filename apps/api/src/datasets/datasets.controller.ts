import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { DatasetsService } from './datasets.service';
import { CreateDatasetDto, UpdateDatasetDto } from './dto/create-dataset.dto';
import { DatasetVersionQueryDto, ListDatasetsQueryDto } from './dto/dataset-query.dto';
import {
  DatasetListResponseDto,
  DatasetResponseDto,
  DatasetVariablesResponseDto,
  DatasetVersionListResponseDto,
} from './dto/dataset-response.dto';

/** Datasets of test cases for the evaluation lab; items change only by making a new version. */
@ApiTags('datasets')
@ApiBearerAuth()
@Controller('api/v1/datasets')
export class DatasetsController {
  constructor(private readonly datasets: DatasetsService) {}

  /** Datasets, most recently changed first, each with its latest version and item count. */
  @Get()
  @ApiProblems(400, 401)
  @RequirePermission('prompt:view')
  listDatasets(@Query() query: ListDatasetsQueryDto): Promise<DatasetListResponseDto> {
    return this.datasets.listDatasets(query);
  }

  /** Create a dataset and its version 1 (with `items`, or empty). */
  @Post()
  @ApiProblems(400, 401, 409, 413)
  @RequirePermission('prompt:edit')
  createDataset(@Body() body: CreateDatasetDto, @CurrentActor() actor: Actor): Promise<DatasetResponseDto> {
    return this.datasets.createDataset(body, actor);
  }

  @Get(':name')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  getDataset(@Param('name') name: string): Promise<DatasetResponseDto> {
    return this.datasets.getDataset(name);
  }

  /** Change the description or schemas; the latest items must satisfy a new schema. */
  @Patch(':name')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:edit')
  updateDataset(
    @Param('name') name: string,
    @Body() body: UpdateDatasetDto,
    @CurrentActor() actor: Actor,
  ): Promise<DatasetResponseDto> {
    return this.datasets.updateDataset(name, body, actor);
  }

  /** Delete a dataset with all its versions and items. */
  @Delete(':name')
  @HttpCode(204)
  @ApiProblems(401, 404)
  @RequirePermission('prompt:edit')
  deleteDataset(@Param('name') name: string, @CurrentActor() actor: Actor): Promise<void> {
    return this.datasets.deleteDataset(name, actor);
  }

  /** Every version, newest first, with what made it. */
  @Get(':name/versions')
  @ApiProblems(401, 404)
  @RequirePermission('prompt:view')
  listDatasetVersions(@Param('name') name: string): Promise<DatasetVersionListResponseDto> {
    return this.datasets.listVersions(name);
  }

  /** The input variables of a version's items, with how many items have each. */
  @Get(':name/variables')
  @ApiProblems(400, 401, 404)
  @RequirePermission('prompt:view')
  listDatasetVariables(
    @Param('name') name: string,
    @Query() query: DatasetVersionQueryDto,
  ): Promise<DatasetVariablesResponseDto> {
    return this.datasets.listVariables(name, query.version);
  }
}
