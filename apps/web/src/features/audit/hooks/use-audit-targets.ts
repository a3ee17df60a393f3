import { listAuditTargetsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditQuery } from './use-audit-entries';

/** The entries matching `query` grouped by target, each with its count and newest entry. */
export function useAuditTargets(query: AuditQuery, enabled = true) {
  return useQuery({ ...listAuditTargetsOptions({ query }), placeholderData: keepPreviousData, enabled });
}
