import {
  checkSyntax,
  type DiscoveredVariable,
  extractVariables,
  type TemplateSyntaxError,
} from '@promptops/templating';
import { useMemo, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

export interface TemplateAnalysis {
  variables: DiscoveredVariable[];
  syntaxError: TemplateSyntaxError | null;
}

interface Parsed {
  template: string;
  variables: DiscoveredVariable[];
}

function parse(template: string): Parsed {
  return { template, variables: checkSyntax(template) ? [] : extractVariables(template) };
}

/**
 * Variables and syntax of a template being typed, once typing pauses. While the template does not
 * parse, the variables of the last good template are kept so the panel does not flicker.
 */
export function useTemplateAnalysis(template: string, delayMs = 250): TemplateAnalysis {
  const settled = useDebouncedValue(template, delayMs);
  const syntaxError = useMemo(() => checkSyntax(settled), [settled]);
  const [lastGood, setLastGood] = useState(() => parse(template));
  if (!syntaxError && settled !== lastGood.template) setLastGood(parse(settled));
  return { variables: lastGood.variables, syntaxError };
}
