import { Body, Controller, Get, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Actor, AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { Public } from '../common/auth/public.decorator';
import { RequirePermission, SIGNED_IN } from '../common/auth/require-permission.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ChangePasswordDto, DebugModeDto } from '../users/dto/user-input.dto';
import { CurrentUserResponseDto } from '../users/dto/user-response.dto';
import { UsersService } from '../users/users.service';
import { AuthService } from './auth.service';
import { LoginResponseDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Sign in to the console with email and password (throttled per account and address). */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiProblems(400, 401)
  login(@Body() body: LoginDto, @Req() request: FastifyRequest): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password, request.ip ?? null);
  }

  /** The signed-in user with their permissions and debug mode. */
  @ApiBearerAuth()
  @Get('me')
  @RequirePermission(SIGNED_IN)
  @ApiProblems(401)
  getCurrentUser(@CurrentActor() actor: Actor): Promise<CurrentUserResponseDto> {
    return this.users.getCurrentUser((actor.user as AuthenticatedUser).id);
  }

  /** Change your own password; every session of yours ends, this one included: sign in again. */
  @ApiBearerAuth()
  @Post('password')
  @HttpCode(204)
  @RequirePermission(SIGNED_IN)
  @ApiProblems(400, 401)
  changeOwnPassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor): Promise<void> {
    return this.users.changeOwnPassword((actor.user as AuthenticatedUser).id, body, actor);
  }

  /**
   * Switch debug mode on or off for yourself: while on (8 hours by default), calls that name
   * you as their user get the newest draft of a prompt instead of the deployed version.
   */
  @ApiBearerAuth()
  @Put('debug-mode')
  @RequirePermission('prompt:debug')
  @ApiProblems(400, 401)
  setDebugMode(@Body() body: DebugModeDto, @CurrentActor() actor: Actor): Promise<CurrentUserResponseDto> {
    return this.users.setDebugMode((actor.user as AuthenticatedUser).id, body, actor);
  }
}
