import Ajv2020, { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { FieldError } from '../common/problem/domain.error';
import { DatasetSchemaInvalidError } from './datasets.errors';
import { ItemContent } from './dataset-files';

/** The checks a dataset's schemas make on each item; null where no schema is set. */
export interface ItemRules {
  input: ValidateFunction | null;
  expected: ValidateFunction | null;
}

/**
 * JSON Schema 2020-12, strict: a keyword ajv does not know (a typo such as `requried`) makes the
 * schema invalid rather than silently checking nothing. Formats (`email`, `date-time`…) are checked.
 */
function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: false });
  addFormats(ajv);
  return ajv;
}

/** Compiles a dataset's schemas, or answers 400 DATASET_SCHEMA_INVALID naming the field. */
export function compileRules(inputSchema: object | null, expectedSchema: object | null): ItemRules {
  return {
    input: compileOne('inputSchema', inputSchema),
    expected: compileOne('expectedSchema', expectedSchema),
  };
}

function compileOne(field: string, schema: object | null): ValidateFunction | null {
  if (schema === null) return null;
  // A fresh instance per schema: schemas with the same $id in two datasets must not collide.
  const ajv = newAjv();
  try {
    if (!ajv.validateSchema(schema)) {
      const message = ajv.errorsText(ajv.errors, { dataVar: field });
      throw new DatasetSchemaInvalidError(`${field} is not a valid JSON Schema (2020-12): ${message}`, [
        { field, message },
      ]);
    }
    return ajv.compile(schema);
  } catch (error) {
    if (error instanceof DatasetSchemaInvalidError) throw error;
    const message = (error as Error).message;
    throw new DatasetSchemaInvalidError(`${field} is not a valid JSON Schema (2020-12): ${message}`, [
      { field, message },
    ]);
  }
}

/**
 * The problems of one item, each named `<prefix>.input<pointer>` (or `.expected`), e.g.
 * `items[3].input/tone`. Empty when the item is fine.
 */
export function checkItem(rules: ItemRules, item: ItemContent, prefix: string): FieldError[] {
  const errors: FieldError[] = [];
  if (rules.input && !rules.input(item.input)) errors.push(toFieldError(`${prefix}.input`, rules.input.errors));
  if (rules.expected && item.expected !== null && !rules.expected(item.expected)) {
    errors.push(toFieldError(`${prefix}.expected`, rules.expected.errors));
  }
  return errors;
}

function toFieldError(field: string, errors: ErrorObject[] | null | undefined): FieldError {
  const first = errors?.[0];
  if (!first) return { field, message: 'does not match the schema' };
  // A missing property is reported at its parent; name the property itself.
  const pointer =
    first.keyword === 'required'
      ? `${first.instancePath}/${(first.params as { missingProperty: string }).missingProperty}`
      : first.instancePath;
  return { field: `${field}${pointer}`, message: first.message ?? 'does not match the schema', code: first.keyword };
}
