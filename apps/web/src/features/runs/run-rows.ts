import type { RunListResponseDto, RunSummaryDto } from '@promptops/api-client';

/**
 * The rows a run list shows: on the first page, the runs still under way (the server lists them
 * apart, since a run is logged once it ends) above the logged ones. A run that ended between the
 * two reads is shown once.
 */
export function runRows(data: RunListResponseDto | undefined, page: number): RunSummaryDto[] | undefined {
  if (!data) return undefined;
  if (page !== 1 || data.inFlight.length === 0) return data.items;
  const logged = new Set(data.items.map((run) => run.id));
  return [...data.inFlight.filter((run) => !logged.has(run.id)), ...data.items];
}

/** Look again every 2 s while some run is under way, until none is. */
export function refetchWhileRunning(data: RunListResponseDto | undefined): number | false {
  const running = !!data && (data.inFlight.length > 0 || data.items.some((run) => run.status === 'running'));
  return running ? 2000 : false;
}
