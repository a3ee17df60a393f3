import { Input } from 'antd';
import { useState } from 'react';

/** What a JSON field holds while its text does not parse; validators reject it. */
export class InvalidJson {
  constructor(
    readonly text: string,
    readonly reason: string,
  ) {}
}

interface JsonInputProps {
  value?: unknown;
  onChange?(value: unknown): void;
  placeholder?: string;
  id?: string;
}

function toText(value: unknown): string {
  if (value instanceof InvalidJson) return value.text;
  return value === undefined ? '' : JSON.stringify(value, null, 2);
}

/** A JSON text area that reports parsed values, or an InvalidJson while the text is broken. */
export function JsonInput({ value, onChange, placeholder, id }: JsonInputProps) {
  const [text, setText] = useState(() => toText(value));
  // Follow outside changes (form reset, new defaults) without clobbering what the user is typing.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    if (!(value instanceof InvalidJson)) setText(toText(value));
  }

  const change = (next: string) => {
    setText(next);
    let parsed: unknown;
    if (next.trim() === '') parsed = undefined;
    else {
      try {
        parsed = JSON.parse(next);
      } catch (error) {
        parsed = new InvalidJson(next, (error as Error).message);
      }
    }
    setShown(parsed);
    onChange?.(parsed);
  };

  return (
    <Input.TextArea
      id={id}
      className="mono"
      value={text}
      status={value instanceof InvalidJson ? 'error' : undefined}
      onChange={(e) => change(e.target.value)}
      autoSize={{ minRows: 2, maxRows: 10 }}
      placeholder={placeholder}
      spellCheck={false}
    />
  );
}
