import {
  checkSyntax,
  type DiscoveredVariable,
  extractVariables,
  type TemplateSyntaxError,
} from '@promptops/templating';
import { useMemo, useState } from 'react';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

export interface TemplateAnalysis {
  /** Variables of all templates together, in order of first use. */
  variables: DiscoveredVariable[];
  syntaxError: TemplateSyntaxError | null;
  /** Which template the syntax error is in (a chat version has one per message). */
  errorIndex: number;
}

interface Parsed {
  key: string;
  variables: DiscoveredVariable[];
}

function firstError(templates: string[]): { syntaxError: TemplateSyntaxError | null; errorIndex: number } {
  for (const [index, template] of templates.entries()) {
    const syntaxError = checkSyntax(template);
    if (syntaxError) return { syntaxError, errorIndex: index };
  }
  return { syntaxError: null, errorIndex: -1 };
}

function parse(key: string): Parsed {
  const templates = JSON.parse(key) as string[];
  const ok = firstError(templates).syntaxError === null;
  return { key, variables: ok ? extractVariables(templates.map((template) => ({ role: 'user', template }))) : [] };
}

/**
 * Variables and syntax of the templates being typed (one for a text version, one per message for
 * a chat version), once typing pauses. While they do not parse, the variables of the last good
 * templates are kept so the panel does not flicker.
 */
export function useTemplateAnalysis(templates: string[], delayMs = 250): TemplateAnalysis {
  // A string key: a new array on every render must not restart the debounce.
  const settled = useDebouncedValue(JSON.stringify(templates), delayMs);
  const { syntaxError, errorIndex } = useMemo(() => firstError(JSON.parse(settled) as string[]), [settled]);
  const [lastGood, setLastGood] = useState(() => parse(JSON.stringify(templates)));
  if (!syntaxError && settled !== lastGood.key) setLastGood(parse(settled));
  return { variables: lastGood.variables, syntaxError, errorIndex };
}
