import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RunsModule } from '../runs/runs.module';
import { DatasetImportsService } from './dataset-imports.service';
import { DatasetItem } from './dataset-item.entity';
import { DatasetItemsController } from './dataset-items.controller';
import { DatasetVersion } from './dataset-version.entity';
import { Dataset } from './dataset.entity';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';

@Module({
  imports: [TypeOrmModule.forFeature([Dataset, DatasetVersion, DatasetItem]), RunsModule],
  controllers: [DatasetsController, DatasetItemsController],
  providers: [DatasetsService, DatasetImportsService],
  exports: [DatasetsService],
})
export class DatasetsModule {}
