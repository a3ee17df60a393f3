import { ApiProperty } from '@nestjs/swagger';

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ enum: ['sqlite', 'mysql'] })
  type!: 'sqlite' | 'mysql';

  latencyMs!: number;
}

export class HealthResponseDto {
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  database!: DatabaseHealthDto;

  uptimeSeconds!: number;
}
