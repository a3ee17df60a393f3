import type { VariableMeta } from '@promptops/templating';
import { Input, InputNumber, Select, Switch } from 'antd';
import { JsonInput } from './JsonInput';

interface VariableInputProps {
  meta: VariableMeta;
  value?: unknown;
  onChange?(value: unknown): void;
  id?: string;
}

/** The control that fits a variable's declared type; used by the preview form and for defaults. */
export function VariableInput({ meta, value, onChange, id }: VariableInputProps) {
  switch (meta.type) {
    case 'text':
      return (
        <Input.TextArea
          id={id}
          value={value as string | undefined}
          onChange={(e) => onChange?.(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 12 }}
        />
      );
    case 'int':
    case 'float':
      return (
        <InputNumber
          id={id}
          className="full-width"
          value={value as number | undefined}
          onChange={(next) => onChange?.(next ?? undefined)}
          precision={meta.type === 'int' ? 0 : undefined}
          step={meta.type === 'int' ? 1 : 0.1}
        />
      );
    case 'bool':
      return <Switch id={id} checked={value === true} onChange={(checked) => onChange?.(checked)} />;
    case 'choice':
      return (
        <Select
          id={id}
          value={value as string | undefined}
          onChange={(next) => onChange?.(next)}
          options={(meta.choices ?? []).map((choice) => ({ value: choice, label: choice }))}
          allowClear
        />
      );
    case 'json':
    case 'list':
      return (
        <JsonInput id={id} value={value} onChange={onChange} placeholder={meta.type === 'list' ? '["a", "b"]' : '{}'} />
      );
    default:
      return <Input id={id} value={value as string | undefined} onChange={(e) => onChange?.(e.target.value)} />;
  }
}
