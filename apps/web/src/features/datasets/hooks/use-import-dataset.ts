import type { DatasetChangeResponseDto, DatasetFileFormat, DatasetImportMode } from '@promptops/api-client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { session } from '../../../lib/session';
import { invalidateDataset } from './invalidate';

const CONTENT_TYPES: Record<DatasetFileFormat, string> = {
  csv: 'text/csv',
  jsonl: 'application/x-ndjson',
  json: 'application/json',
};

/** The format a file's name says, if it is one import reads. */
export function formatOfFile(fileName: string): DatasetFileFormat | undefined {
  const extension = fileName.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'json') return extension;
  if (extension === 'jsonl' || extension === 'ndjson') return 'jsonl';
  return undefined;
}

interface ImportVariables {
  name: string;
  file: File;
  format: DatasetFileFormat;
  mode: DatasetImportMode;
  /** Create the dataset from the file (its version 1) if it does not exist yet. */
  create?: boolean;
  /** 0–100 while the file uploads. */
  onProgress?: (percent: number) => void;
}

/**
 * Uploads a file as the raw body. XMLHttpRequest rather than the generated client's fetch: only
 * it reports upload progress. A refusal is thrown as the problem+json body, as the client does.
 */
export function useImportDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ name, file, format, mode, create, onProgress }: ImportVariables) =>
      new Promise<DatasetChangeResponseDto>((resolve, reject) => {
        const xhr = new XMLHttpRequest();
        const query = new URLSearchParams({ format, mode, ...(create ? { create: 'true' } : {}) });
        xhr.open('POST', `/api/v1/datasets/${encodeURIComponent(name)}/import?${query}`);
        xhr.setRequestHeader('Content-Type', CONTENT_TYPES[format]);
        const token = session.getToken();
        if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
        xhr.upload.onprogress = (event) => {
          if (event.lengthComputable) onProgress?.(Math.round((event.loaded / event.total) * 100));
        };
        xhr.onload = () => {
          let body: unknown = undefined;
          try {
            body = JSON.parse(xhr.responseText);
          } catch {
            body = { status: xhr.status, detail: xhr.statusText };
          }
          if (xhr.status >= 200 && xhr.status < 300) resolve(body as DatasetChangeResponseDto);
          else {
            if (xhr.status === 401) session.signOut('expired');
            reject(body);
          }
        };
        xhr.onerror = () => reject(new Error('Network error'));
        xhr.send(file);
      }),
    onSuccess: (_data, variables) => invalidateDataset(queryClient, variables.name),
  });
}
