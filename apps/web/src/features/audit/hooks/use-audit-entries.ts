import type { ListAuditEntriesData } from '@promptops/api-client';
import { listAuditEntriesOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

export type AuditQuery = ListAuditEntriesData['query'];

/** Audit entries matching `query`; a prompt's own history (`targetType=prompt`) needs only prompt:view. */
export function useAuditEntries(query: AuditQuery, enabled = true) {
  return useQuery({ ...listAuditEntriesOptions({ query }), placeholderData: keepPreviousData, enabled });
}
