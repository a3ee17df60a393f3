import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from '../common/auth/authenticated-user';
import { CurrentActor } from '../common/auth/current-actor.decorator';
import { Actor } from '../common/auth/authenticated-user';
import { Public } from '../common/auth/public.decorator';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { UserResponseDto } from '../users/dto/user-response.dto';
import { AuthService } from './auth.service';
import { LoginResponseDto } from './dto/login-response.dto';
import { LoginDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Sign in to the console with email and password. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiProblems(400, 401)
  login(@Body() body: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(body.email, body.password);
  }

  /** The signed-in user. */
  @ApiBearerAuth()
  @Get('me')
  @ApiProblems(401)
  getCurrentUser(@CurrentActor() actor: Actor): UserResponseDto {
    const user = actor.user as AuthenticatedUser;
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  }
}
