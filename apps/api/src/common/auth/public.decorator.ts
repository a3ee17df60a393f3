import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'promptops:isPublic';

/** Opens a route to callers without a console session (health, login, webhooks). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
