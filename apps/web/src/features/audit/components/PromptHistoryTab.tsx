import { DEFAULT_PAGE_SIZE } from '@promptops/shared';
import { useState } from 'react';
import { useAuditEntries } from '../hooks/use-audit-entries';
import { AuditTable } from './AuditTable';
import { LoadError } from '../../../components/LoadError';

/** One prompt's own audit trail, its deployments included; readable with prompt:view alone. */
export function PromptHistoryTab({ name }: { name: string }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: DEFAULT_PAGE_SIZE });
  const entries = useAuditEntries({ targetType: 'prompt', targetId: name, ...paging });
  return (
    <div data-testid="prompt-history">
      {entries.isError ? (
        <LoadError compact error={entries.error} onRetry={entries.refetch} retrying={entries.isFetching} />
      ) : (
        <AuditTable
          data={entries.data}
          loading={entries.isFetching}
          onPage={(page, pageSize) => setPaging({ page, pageSize })}
        />
      )}
    </div>
  );
}
