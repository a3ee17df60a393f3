export { useAuditEntries } from './hooks/use-audit-entries';
