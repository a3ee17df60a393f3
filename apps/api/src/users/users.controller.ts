import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { RequirePermission } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ParsePositiveIntPipe } from '../common/problem/parse-positive-int.pipe';
import { CreateUserDto, UpdateUserDto } from './dto/user-input.dto';
import { CreatedUserResponseDto, UserDetailResponseDto, UserListResponseDto } from './dto/user-response.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @RequirePermission('admin:users')
  @ApiProblems(401)
  listUsers(): Promise<UserListResponseDto> {
    return this.users.listUsers();
  }

  /** Add a team member with a role; without a password, a temporary one is returned once. */
  @Post()
  @RequirePermission('admin:users')
  @ApiProblems(400, 401, 409)
  createUser(@Body() body: CreateUserDto, @CurrentActor() actor: Actor): Promise<CreatedUserResponseDto> {
    return this.users.createUser(body, actor);
  }

  /** Change name, role or external id, or disable / enable; a new role or disabling ends the user's sessions. */
  @Patch(':id')
  @RequirePermission('admin:users')
  @ApiProblems(400, 401, 404, 409)
  updateUser(
    @Param('id', ParsePositiveIntPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserDetailResponseDto> {
    return this.users.updateUser(id, body, actor);
  }

  /** Replace the user's password with a generated one, returned once; the user's sessions end. */
  @Post(':id/reset-password')
  @HttpCode(200)
  @RequirePermission('admin:users')
  @ApiProblems(401, 404)
  resetUserPassword(
    @Param('id', ParsePositiveIntPipe) id: number,
    @CurrentActor() actor: Actor,
  ): Promise<CreatedUserResponseDto> {
    return this.users.resetPassword(id, actor);
  }
}
