import type { FieldErrorDto, ProblemDetailsDto } from '@promptops/api-client';
import type { FormInstance } from 'antd';

/** An RFC 9457 problem as the API sends it; the generated client throws the parsed body. */
export function isProblem(error: unknown): error is ProblemDetailsDto {
  return typeof error === 'object' && error !== null && 'status' in error && 'detail' in error;
}

export function problemDetail(error: unknown): string | undefined {
  if (isProblem(error)) return error.detail;
  if (error instanceof Error) return error.message;
  return undefined;
}

/** `variablesMeta.0.name` -> ['variablesMeta', 0, 'name'], the form's name path. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Puts the problem's field errors on the form fields they name, as `text` words them (see
 * useApplyFieldErrors for the translated ones); returns how many it placed.
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  text: (error: FieldErrorDto) => string = (e) => e.message,
): number {
  if (!isProblem(error) || !error.errors?.length) return 0;
  const known = new Set(Object.keys(form.getFieldsValue(true) as Record<string, unknown>));
  const fields = error.errors
    .filter((e) => known.has(e.field.split('.')[0]))
    .map((e) => ({ name: namePath(e.field), errors: [text(e)] }));
  form.setFields(fields);
  return fields.length;
}
