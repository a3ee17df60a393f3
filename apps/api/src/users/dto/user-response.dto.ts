import { ApiProperty } from '@nestjs/swagger';
import { USER_ROLES, UserRole } from '@promptops/shared';

export class UserResponseDto {
  @ApiProperty({ example: 1 })
  id!: number;

  @ApiProperty({ example: 'admin@promptops.local' })
  email!: string;

  @ApiProperty({ example: 'Administrator' })
  name!: string;

  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' })
  role!: UserRole;
}
