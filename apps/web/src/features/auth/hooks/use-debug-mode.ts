import { getCurrentUserOptions } from '@promptops/api-client/@tanstack/react-query.gen';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

/**
 * When the signed-in user's debug mode ends, or null when it is off. Debug mode switches itself off
 * on the server, so the current user is asked again every minute and the end time is also checked
 * locally, which hides the banner on time even between two refetches.
 */
export function useDebugMode(): { until: Date | null } {
  const { data: user } = useQuery({ ...getCurrentUserOptions(), refetchInterval: 60_000 });
  const [now, setNow] = useState(() => Date.now());
  const until = user?.debugUntil ? new Date(user.debugUntil) : null;
  const untilMs = until?.getTime();

  useEffect(() => {
    if (untilMs === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, Math.min(untilMs - Date.now() + 500, 60_000)));
    return () => clearTimeout(timer);
  }, [untilMs, now]);

  return { until: until && until.getTime() > now ? until : null };
}
