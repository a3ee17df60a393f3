import type { ExperimentResponseDto } from '@promptops/api-client';
import { RESUMABLE_EXPERIMENT_STATUSES } from '@promptops/shared';

export type ExperimentStatus = ExperimentResponseDto['status'];

/** Queued or running: its numbers still move. */
export function isUnderWay(status: ExperimentStatus): boolean {
  return status === 'queued' || status === 'running';
}

export function isResumable(status: ExperimentStatus): boolean {
  return RESUMABLE_EXPERIMENT_STATUSES.includes(status);
}

/** Done share of the results, 0–100. */
export function progressPercent({ progress }: Pick<ExperimentResponseDto, 'progress'>): number {
  return progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
}
