import { IsIn, IsOptional } from 'class-validator';

export class ExperimentReportQueryDto {
  /** `junit` (XML for CI test reports) or `markdown` (a summary for a pull request). */
  @IsOptional()
  @IsIn(['junit', 'markdown'])
  format: 'junit' | 'markdown' = 'markdown';
}
