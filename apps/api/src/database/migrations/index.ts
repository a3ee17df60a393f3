import { Initial1763780000000 } from './1763780000000-initial';

/** Listed explicitly (no glob) so the same set loads from sources in tests and from dist. */
export const MIGRATIONS = [Initial1763780000000];
