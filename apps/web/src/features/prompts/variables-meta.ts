import type { VariableMetaDto } from '@promptops/api-client';
import type { VariableMeta } from '@promptops/templating';

// The OpenAPI document types `default` as an object, but it is any JSON value matching `type`
// (5, true, "neutral"); the templating library's `VariableMeta` says so. These are the only casts.

export function fromVariablesDto(dto: VariableMetaDto[]): VariableMeta[] {
  return dto as VariableMeta[];
}

export function toVariablesDto(meta: VariableMeta[]): VariableMetaDto[] {
  return meta as VariableMetaDto[];
}
