import { UserRole } from '@promptops/shared';

/** Who is calling, as the guards established it; attached to the request. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** Audit context a service needs to record a change: who, and from which address. */
export interface Actor {
  user: AuthenticatedUser | null;
  ip: string | null;
}
