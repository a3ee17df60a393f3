import { ApiKeyScope, UserRole } from '@promptops/shared';

/** Who is calling, as the guards established it; attached to the request. */
export interface AuthenticatedUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
}

/** The API key a service call came with: what audit entries name, and what it may change. */
export interface ActingApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: readonly ApiKeyScope[];
  /** Set when the key is bound to one environment. */
  environment: string | null;
}

/** Audit context a service needs to record a change: who (a console user or an API key), and from which address. */
export interface Actor {
  user: AuthenticatedUser | null;
  ip: string | null;
  apiKey?: ActingApiKey | null;
}
