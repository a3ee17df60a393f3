import { lintTemplate, type VariableMeta } from '@promptops/templating';
import { useMemo } from 'react';
import type { EditorMarker } from '../../../editor/TemplateEditor';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import { useLintMessage } from './use-lint-message';

/**
 * Lint warnings of the code editor's template that have a position, as editor markers
 * (`null`: nothing to lint, e.g. while the template does not parse).
 */
export function useTemplateLint(template: string | null, declared: VariableMeta[], delayMs = 250): EditorMarker[] {
  const text = useLintMessage();
  const settled = useDebouncedValue(template, delayMs);
  return useMemo(() => {
    if (settled === null) return [];
    try {
      return lintTemplate(settled, declared)
        .filter((w) => w.line !== undefined)
        .map((w) => ({ line: w.line!, column: w.column ?? 1, message: text(w) }));
    } catch {
      return [];
    }
  }, [settled, declared, text]);
}
