import { DiffEditor } from '@monaco-editor/react';
import { Skeleton } from 'antd';
import { JINJA_LANGUAGE } from './jinja-language';
import './monaco-setup';
import { editorOptions } from './TemplateEditor';

interface TemplateDiffProps {
  original: string;
  modified: string;
  height?: number | string;
}

export function TemplateDiff({ original, modified, height = 420 }: TemplateDiffProps) {
  return (
    <div className="template-editor" data-testid="template-diff">
      <DiffEditor
        height={height}
        language={JINJA_LANGUAGE}
        theme="promptops"
        original={original}
        modified={modified}
        loading={<Skeleton active paragraph={{ rows: 6 }} />}
        // Unmounting (a closing dialog, a tab change) otherwise disposes the models before the
        // widget lets go of them, which Monaco reports as an error.
        keepCurrentOriginalModel
        keepCurrentModifiedModel
        options={{ ...editorOptions, readOnly: true, originalEditable: false, renderSideBySide: true }}
      />
    </div>
  );
}
