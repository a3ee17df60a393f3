import { getPlaygroundRunOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';

export function usePlaygroundRun(id: number | undefined) {
  return useQuery({ ...getPlaygroundRunOptions({ path: { id: id ?? 0 } }), enabled: id !== undefined });
}
