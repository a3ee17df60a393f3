import Editor, { type OnMount } from '@monaco-editor/react';
import { Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { JINJA_LANGUAGE } from './jinja-language';
import { monaco } from './monaco-setup';

type StandaloneEditor = Parameters<OnMount>[0];

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

interface TemplateEditorProps {
  value: string;
  onChange?(value: string): void;
  readOnly?: boolean;
  height?: number | string;
  /** Shown as an error squiggle from the given position to the end of its line. */
  marker?: EditorMarker | null;
  /** Lint warnings with a position, shown as warning squiggles on the word they start at. */
  warnings?: EditorMarker[];
  ariaLabel?: string;
}

export const editorOptions = {
  fontSize: 13,
  fontFamily: "'JetBrains Mono', 'SFMono-Regular', Menlo, Consolas, monospace",
  minimap: { enabled: false },
  wordWrap: 'on',
  scrollBeyondLastLine: false,
  automaticLayout: true,
  tabSize: 2,
  renderLineHighlight: 'line',
  padding: { top: 12, bottom: 12 },
  fixedOverflowWidgets: true,
} as const;

export function TemplateEditor({
  value,
  onChange,
  readOnly,
  height = 420,
  marker,
  warnings,
  ariaLabel,
}: TemplateEditorProps) {
  const [editor, setEditor] = useState<StandaloneEditor | null>(null);

  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    const lines = model.getLineCount();
    monaco.editor.setModelMarkers(
      model,
      'lint',
      (warnings ?? [])
        .filter((w) => w.line <= lines)
        .map((w) => {
          const word = model.getWordAtPosition({ lineNumber: w.line, column: w.column });
          return {
            severity: monaco.MarkerSeverity.Warning,
            message: w.message,
            startLineNumber: w.line,
            startColumn: w.column,
            endLineNumber: w.line,
            endColumn: word ? word.endColumn : w.column + 1,
          };
        }),
    );
  }, [editor, warnings]);

  useEffect(() => {
    const model = editor?.getModel();
    if (!model) return;
    const markers = marker
      ? [
          {
            severity: monaco.MarkerSeverity.Error,
            message: marker.message,
            startLineNumber: marker.line,
            startColumn: marker.column,
            endLineNumber: marker.line,
            endColumn: model.getLineMaxColumn(Math.min(marker.line, model.getLineCount())),
          },
        ]
      : [];
    monaco.editor.setModelMarkers(model, 'jinja', markers);
  }, [editor, marker]);

  return (
    <div className="template-editor" data-testid="template-editor">
      <Editor
        height={height}
        language={JINJA_LANGUAGE}
        theme="promptops"
        value={value}
        onChange={(next) => onChange?.(next ?? '')}
        onMount={setEditor}
        loading={<Skeleton active paragraph={{ rows: 6 }} />}
        options={{ ...editorOptions, readOnly, domReadOnly: readOnly, ariaLabel }}
      />
    </div>
  );
}
