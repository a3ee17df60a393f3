import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class DatabaseHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ enum: ['sqlite', 'mysql'] })
  type!: 'sqlite' | 'mysql';

  latencyMs!: number;
}

export class RedisHealthDto {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  latencyMs!: number;
}

export class JobsHealthDto {
  /** `redis` when jobs are shared through Redis by every replica and worker, `inProcess` otherwise. */
  @ApiProperty({ enum: ['redis', 'inProcess'] })
  mode!: 'redis' | 'inProcess';
}

export class HealthResponseDto {
  /** `degraded` (with status 503) when the database or Redis does not answer. */
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status!: 'ok' | 'degraded';

  database!: DatabaseHealthDto;

  /** Only when REDIS_URL is set. */
  @ApiPropertyOptional({ type: RedisHealthDto })
  redis?: RedisHealthDto;

  jobs!: JobsHealthDto;

  uptimeSeconds!: number;
}
