export { Allowed, useGuardMenuItem } from './components/Allowed';
export { useCan, useDeniedReason } from './hooks/use-can';
export { useCurrentUser } from './hooks/use-current-user';
