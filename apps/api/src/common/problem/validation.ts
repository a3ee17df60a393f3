import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { rawJsonFields } from '../dto/raw-json.decorator';
import { FieldError, ValidationFailedError } from './domain.error';

/**
 * Flattens class-validator's tree into `{field: 'a.b', message, code}` entries for problem+json.
 * `code` is the name of the failed check (`isNotEmpty`, `maxLength`, `matches`…, `isDefined` for a
 * missing field): the console translates by it, the English message stays for everyone else.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    // A missing field fails whichever check runs first ("must not be greater than…"): say it is missing.
    const missing = error.value === undefined && !('isDefined' in constraints) && Object.keys(constraints).length > 0;
    const own = missing
      ? [{ field, message: `${field} is missing; add it to the request`, code: 'isDefined' }]
      : Object.entries(constraints).map(([code, message]) => ({ field, message, code }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/**
 * Nest's pipe, with two differences:
 * - a path or query parameter typed `number` stays the text it came as: the ParsePositiveIntPipe
 *   that follows must see `1e3` or `1.0`, not the 1000 or 1 that `Number()` makes of them;
 * - object fields marked `@RawJson()` reach the handler as they were sent. The pipe deletes every
 *   `constructor` and `prototype` key of a body, at any depth, before building the DTO
 *   (class-transformer cannot copy objects that have them); in template variables those keys are
 *   ordinary data. So the body is validated with an empty object in their place, and the handler
 *   gets the sent object, untouched. Bodies come from parseJsonBody, which refuses `__proto__`
 *   and `constructor.prototype`.
 */
class AppValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.metatype === Number ? value : super.transformPrimitive(value, metadata);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const fields = metadata.type === 'body' ? rawJsonFields(metadata.metatype) : [];
    const raw = fields.filter((field) => isJsonObject((value as Record<string, unknown> | null)?.[field]));
    if (raw.length === 0) return super.transform(value, metadata);
    const body = value as Record<string, unknown>;
    const result = (await super.transform(
      { ...body, ...Object.fromEntries(raw.map((field) => [field, {}])) },
      metadata,
    )) as Record<string, unknown>;
    for (const field of raw) result[field] = body[field];
    return result;
  }
}

function isJsonObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    stopAtFirstError: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
