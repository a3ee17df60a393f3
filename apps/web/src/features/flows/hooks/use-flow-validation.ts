import type { FlowValidationResponseDto, ValidateFlowDto } from '@promptops/api-client';
import { validateFlowMutation } from '@promptops/api-client/@tanstack/react-query.gen';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

const DEBOUNCE_MS = 400;

/**
 * The server's verdict on the definition being edited, asked again ~400 ms after the last change.
 * An answer to an older draft never replaces that of a newer one.
 */
export function useFlowValidation(draft: ValidateFlowDto | undefined) {
  const settled = useDebouncedValue(draft, DEBOUNCE_MS);
  const { mutateAsync } = useMutation(validateFlowMutation());
  const [result, setResult] = useState<FlowValidationResponseDto>();
  const [error, setError] = useState<unknown>();
  const [checking, setChecking] = useState(false);

  useEffect(() => {
    if (!settled) return;
    let current = true;
    setChecking(true);
    mutateAsync({ body: settled })
      .then((answer) => {
        if (!current) return;
        setResult(answer);
        setError(undefined);
      })
      .catch((problem: unknown) => current && setError(problem))
      .finally(() => current && setChecking(false));
    return () => {
      current = false;
    };
  }, [settled, mutateAsync]);

  return { result, error, checking: checking || settled !== draft };
}
