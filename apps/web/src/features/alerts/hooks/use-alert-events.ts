import type { ListAlertEventsData } from '@promptops/api-client';
import { listAlertEventsOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** The alert history, newest first. */
export function useAlertEvents(query: ListAlertEventsData['query']) {
  return useQuery({ ...listAlertEventsOptions({ query }), placeholderData: keepPreviousData, refetchInterval: 30_000 });
}
