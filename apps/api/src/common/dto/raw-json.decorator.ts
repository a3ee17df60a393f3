const RAW_JSON_FIELDS = Symbol('rawJsonFields');

type DtoClass = abstract new (...args: never[]) => unknown;

/**
 * Marks a top-level free-form JSON field (template variables) that the handler must receive
 * exactly as it was sent. The validation pipe strips `constructor` and `prototype` keys at every
 * depth before building the DTO (class-transformer cannot copy objects that have them); for
 * variables those keys are ordinary data, so the pipe puts the sent value back (see validation.ts).
 */
export function RawJson(): PropertyDecorator {
  return (target, key) => {
    const type = target.constructor as DtoClass & { [RAW_JSON_FIELDS]?: string[] };
    type[RAW_JSON_FIELDS] = [...(type[RAW_JSON_FIELDS] ?? []), String(key)];
  };
}

export function rawJsonFields(type: unknown): readonly string[] {
  return (type as { [RAW_JSON_FIELDS]?: string[] } | undefined)?.[RAW_JSON_FIELDS] ?? [];
}
