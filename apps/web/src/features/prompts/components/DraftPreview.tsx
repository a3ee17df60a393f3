import type { VersionResponseDto } from '@promptops/api-client';
import type { VariableMeta } from '@promptops/templating';
import { Divider, Empty } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../../i18n/use-i18n';
import { CostRadar } from '../../cost-radar';
import { defaultsOf, useLiveRender, type VariableValues } from '../hooks/use-live-render';
import { LivePreview } from './LivePreview';
import { VariablesForm } from './VariablesForm';

interface DraftPreviewProps {
  /** The unsaved content, shaped as a version. */
  draft: VersionResponseDto;
  fields: VariableMeta[];
  /** The model the draft is set to run on, for the cost radar under the preview. */
  model?: { provider?: string; model?: string; maxTokens?: number };
}

/** The editor's unsaved template rendered in the browser as it is typed, with a form for its variables. */
export function DraftPreview({ draft, fields, model }: DraftPreviewProps) {
  const { t } = useI18n();
  const [values, setValues] = useState<VariableValues>(() => defaultsOf(fields));
  const live = useLiveRender(draft, fields, values);
  return (
    <div className="draft-preview" data-testid="draft-preview">
      {fields.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('preview.noVariables')} />
      ) : (
        <VariablesForm
          fields={fields}
          values={values}
          issues={live.issues}
          onChange={setValues}
          testId="draft-preview-form"
        />
      )}
      {model && <CostRadar prompt={live.messages ?? live.text} {...model} />}
      <Divider plain orientation="left" className="draft-preview__divider">
        {t('preview.draftRendered')}
      </Divider>
      <LivePreview live={live} />
    </div>
  );
}
