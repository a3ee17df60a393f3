/** Form helpers for JSON typed into a text area. */

/** Any JSON value, as the generated client types `expected`. */
export type JsonValue = string | number | boolean | unknown[] | { [key: string]: unknown } | null;

/** Parsed JSON, or undefined for an empty box; throws on invalid JSON. */
export function parseJsonText(text: string | undefined): unknown {
  if (!text?.trim()) return undefined;
  return JSON.parse(text);
}

/** `expected` as typed: JSON when it parses, else the text itself; empty is none. */
export function parseExpectedText(text: string | undefined): JsonValue {
  if (!text?.trim()) return null;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
}

/** How a value is shown in an editable box: text as it is, anything else as indented JSON. */
export function toExpectedText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    try {
      JSON.parse(value);
      // Text that reads as JSON is shown quoted, so that saving it keeps it text.
      return JSON.stringify(value);
    } catch {
      return value;
    }
  }
  return JSON.stringify(value, null, 2);
}

export function toJsonText(value: unknown): string {
  return value === null || value === undefined ? '' : JSON.stringify(value, null, 2);
}

/** An antd rule: the box holds a JSON object (or nothing, unless `required`). */
export function jsonObjectRule(message: string, required = false) {
  return {
    validator: async (_: unknown, text: string | undefined) => {
      if (!text?.trim()) {
        if (required) throw new Error(message);
        return;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new Error(message);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(message);
    },
  };
}

/** A cell's short text for a value of any kind. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
