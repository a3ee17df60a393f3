import { IsInt, Min } from 'class-validator';
import { WholeNumber } from '../../common/dto/whole-number';

export class DiffQueryDto {
  @WholeNumber()
  @IsInt()
  @Min(1)
  from!: number;

  @WholeNumber()
  @IsInt()
  @Min(1)
  to!: number;
}
