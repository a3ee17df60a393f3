import type { QueryClient } from '@tanstack/react-query';

/** Generated query keys are `[{ _id: operationId, path?, query? }]`. */
interface GeneratedKey {
  _id: string;
  path?: { name?: string };
}

/**
 * Invalidates every cached query of the given operations, optionally only those of one prompt,
 * whatever their query parameters (page, search, version numbers).
 */
export function invalidateOperations(queryClient: QueryClient, operations: string[], promptName?: string) {
  return queryClient.invalidateQueries({
    predicate: ({ queryKey }) => {
      const key = queryKey[0] as GeneratedKey | undefined;
      if (!key || !operations.includes(key._id)) return false;
      return promptName === undefined || key.path?.name === undefined || key.path.name === promptName;
    },
  });
}
