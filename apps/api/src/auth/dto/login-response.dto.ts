import { UserResponseDto } from '../../users/dto/user-response.dto';

export class LoginResponseDto {
  /** JWT to send as `Authorization: Bearer <accessToken>` */
  accessToken!: string;

  /** Seconds until the token expires */
  expiresIn!: number;

  user!: UserResponseDto;
}
