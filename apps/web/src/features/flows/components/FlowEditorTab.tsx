import { CheckCircleOutlined, LoadingOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import type { FlowIssueDto, FlowResponseDto, FlowStepDto, FlowVersionResponseDto } from '@promptops/api-client';
import { App, Alert, Button, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { useCan } from '../../auth';
import {
  cleanDraft,
  dependenciesOf,
  type FlowDraft,
  fieldErrorIssues,
  flowInvalidIssues,
  issuesByStep,
  mappingSuggestions,
  nextStepId,
  starterDraft,
} from '../flow-definition';
import { useCreateFlowVersion } from '../hooks/use-create-flow-version';
import { useFlowValidation } from '../hooks/use-flow-validation';
import { useFlowVersion } from '../hooks/use-flow-version';
import { FlowGraph } from './FlowGraph';
import { FlowSettingsPanel } from './FlowSettingsPanel';
import { IssueList } from './IssueList';
import { SaveVersionModal, type SaveVersionValues } from './SaveVersionModal';
import { StepPanel } from './StepPanel';

function draftOf(version: FlowVersionResponseDto | null | undefined): FlowDraft {
  return version ? { inputs: version.inputs, definition: version.definition } : starterDraft();
}

/** Renames a step and every mention of it (`steps.<id>`) in the other steps and the output. */
function renameStep(draft: FlowDraft, from: string, to: string): FlowDraft {
  const pattern = new RegExp(`\\bsteps\\.${from}\\b`, 'g');
  const rewrite = (text: string) => text.replace(pattern, `steps.${to}`);
  return {
    ...draft,
    definition: {
      ...draft.definition,
      output: rewrite(draft.definition.output),
      steps: draft.definition.steps.map((step) => ({
        ...step,
        id: step.id === from ? to : step.id,
        inputs: Object.fromEntries(Object.entries(step.inputs).map(([k, v]) => [k, rewrite(v)])),
        when: step.when === undefined ? undefined : rewrite(step.when),
      })),
    },
  };
}

function Editor({ flow, base, readOnlyVersion }: { flow: FlowResponseDto; base: FlowDraft; readOnlyVersion?: number }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const onError = useProblemHandler();
  const canEdit = useCan('prompt:edit');
  const [, setSearchParams] = useSearchParams();
  const [draft, setDraftState] = useState<FlowDraft>(base);
  const [saved, setSaved] = useState(() => JSON.stringify(cleanDraft(base)));
  const [selected, setSelected] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saveIssues, setSaveIssues] = useState<ReturnType<typeof flowInvalidIssues>>();
  const createVersion = useCreateFlowVersion();
  const readOnly = readOnlyVersion !== undefined || !canEdit;

  const cleaned = useMemo(() => cleanDraft(draft), [draft]);
  // A step without a prompt cannot be sent at all (the API refuses its shape): say so on the step
  // and ask the server again once every step has one.
  const localIssues = useMemo<FlowIssueDto[]>(
    () =>
      draft.definition.steps
        .filter((step) => !step.prompt.name)
        .map((step) => ({
          kind: 'unknown_prompt',
          steps: [step.id],
          field: 'prompt',
          message: t('flow.step.choosePrompt', { id: step.id }),
        })),
    [draft, t],
  );
  const validation = useFlowValidation(localIssues.length ? undefined : cleaned);
  const serverGraph = localIssues.length ? undefined : validation.result?.graph;
  const requestIssues = useMemo(
    () => (validation.error ? fieldErrorIssues(validation.error, draft) : []),
    [validation.error, draft],
  );
  const issues =
    saveIssues ??
    (localIssues.length ? localIssues : validation.error ? requestIssues : (validation.result?.issues ?? []));
  const byStep = issuesByStep(issues);
  const dependencies = useMemo(() => dependenciesOf(draft, serverGraph), [draft, serverGraph]);
  const dirty = JSON.stringify(cleaned) !== saved;

  const setDraft = (next: FlowDraft) => {
    setSaveIssues(undefined);
    setDraftState(next);
  };
  const steps = draft.definition.steps;
  const selectedStep = steps.find((step) => step.id === selected);
  const setSteps = (next: FlowStepDto[]) => setDraft({ ...draft, definition: { ...draft.definition, steps: next } });

  const addStep = () => {
    const id = nextStepId(steps);
    setSteps([...steps, { id, prompt: { name: '' }, inputs: {} }]);
    setSelected(id);
  };

  const save = (values: SaveVersionValues) => {
    createVersion
      .mutateAsync({
        path: { name: flow.name },
        body: { ...cleaned, comment: values.comment || undefined, status: values.status },
      })
      .then((version) => {
        setSaving(false);
        setSaved(JSON.stringify(cleaned));
        message.success(t('flow.saved', { version: version.version }));
      })
      .catch((error: unknown) => {
        setSaving(false);
        const found = flowInvalidIssues(error);
        if (found) setSaveIssues(found);
        onError(error);
      });
  };

  return (
    <div className="flow-editor">
      {readOnlyVersion !== undefined && (
        <Alert
          type="info"
          showIcon
          className="flow-editor__banner"
          message={t('flow.readOnly', { version: readOnlyVersion })}
          action={
            <Button size="small" onClick={() => setSearchParams({})}>
              {t('flow.backToLatest')}
            </Button>
          }
        />
      )}
      <div className="toolbar">
        <Space wrap>
          {!readOnly && (
            <Button icon={<PlusOutlined />} onClick={addStep} data-testid="add-step">
              {t('flow.addStep')}
            </Button>
          )}
          {validation.checking ? (
            <Tag icon={<LoadingOutlined />}>{t('flow.validating')}</Tag>
          ) : issues.length === 0 && validation.result && !validation.error ? (
            <Tag icon={<CheckCircleOutlined />} color="success" data-testid="flow-valid">
              {t('flow.valid')}
            </Tag>
          ) : null}
          {dirty && !readOnly && <Typography.Text type="warning">{t('flow.unsaved')}</Typography.Text>}
        </Space>
        {!readOnly && (
          <Button
            type="primary"
            icon={<SaveOutlined />}
            onClick={() => setSaving(true)}
            disabled={!dirty && flow.latest !== null}
            data-testid="save-version"
          >
            {t('flow.saveVersion')}
          </Button>
        )}
      </div>
      <IssueList issues={issues} onOpen={setSelected} />
      {!localIssues.length && validation.error !== undefined && requestIssues.length === 0 && (
        <Alert type="warning" showIcon className="flow-issues" message={t('flow.validationUnavailable')} />
      )}
      <div className="flow-editor__body">
        <FlowGraph
          draft={draft}
          dependencies={dependencies}
          issues={issues}
          selected={selected}
          onSelect={setSelected}
        />
        <aside className="flow-editor__panel">
          {selectedStep ? (
            <StepPanel
              key={selectedStep.id}
              step={selectedStep}
              graph={serverGraph?.find((node) => node.id === selectedStep.id)}
              issues={byStep.get(selectedStep.id) ?? []}
              suggestions={mappingSuggestions(draft, selectedStep.id)}
              readOnly={readOnly}
              takenIds={new Set(steps.map((step) => step.id))}
              onChange={(step) => setSteps(steps.map((s) => (s.id === step.id ? step : s)))}
              onRename={(from, to) => {
                setDraft(renameStep(draft, from, to));
                setSelected(to);
              }}
              onDelete={() => {
                setSteps(steps.filter((step) => step.id !== selectedStep.id));
                setSelected(undefined);
              }}
            />
          ) : (
            <FlowSettingsPanel
              draft={draft}
              issues={issues}
              suggestions={mappingSuggestions(draft, undefined)}
              readOnly={readOnly}
              onChange={setDraft}
            />
          )}
        </aside>
      </div>
      <SaveVersionModal open={saving} saving={createVersion.isPending} onSave={save} onClose={() => setSaving(false)} />
    </div>
  );
}

/** The flow's latest version (or `?version=n`, read-only) as an editable graph, checked as it changes. */
export function FlowEditorTab({ flow }: { flow: FlowResponseDto }) {
  const [searchParams] = useSearchParams();
  const requested = Number(searchParams.get('version')) || undefined;
  const older = requested !== undefined && requested !== flow.latestVersion ? requested : undefined;
  const version = useFlowVersion(flow.name, older);
  if (older !== undefined) {
    if (!version.data)
      return version.isError ? <Alert type="error" message={String(version.error)} /> : <LoadingOutlined />;
    return <Editor key={`v${older}`} flow={flow} base={draftOf(version.data)} readOnlyVersion={older} />;
  }
  return <Editor key={`latest-${flow.latestVersion}`} flow={flow} base={draftOf(flow.latest)} />;
}
