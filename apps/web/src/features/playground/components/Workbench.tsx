import { CaretRightOutlined, DeleteOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import type { CreatePlaygroundRunDto, RunSummaryDto, VersionResponseDto } from '@promptops/api-client';
import { tokenizerFor } from '@promptops/shared';
import { Alert, Button, Card, Space, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed, useCan } from '../../auth';
import { LivePreview } from '../../prompts/components/LivePreview';
import { VariablesCard } from '../../prompts/components/VariablesForm';
import {
  defaultsOf,
  toVariables,
  useLiveRender,
  useVersionFields,
  type VariableValues,
} from '../../prompts/hooks/use-live-render';
import { useProviders } from '../../providers/hooks/use-providers';
import { RunDrawer } from '../../runs/components/RunDrawer';
import { CostRadar, CostTag, type RadarRow, radarRow, TokenTag, usePromptTokens } from '../../cost-radar';
import { useFetchPlaygroundRun } from '../hooks/use-fetch-playground-run';
import { useRunStreams } from '../hooks/use-run-streams';
import { useProblemHandler } from '../../../lib/use-problem-handler';
import { AnswerPanel } from './AnswerPanel';
import { type Parameters, ParametersForm } from './ParametersForm';
import { RunHistory } from './RunHistory';
import { type Target, TargetSelect } from './TargetSelect';

export type Mode = 'single' | 'compare';
const MAX_COMPARE = 4;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * Token count and the most the run can cost, counted in the browser as the inputs change. Compare
 * mode shows the tokens once, over the prompt, and each model's cost over its own column.
 */
function EstimateTags({ row, show = 'all' }: { row: RadarRow | undefined; show?: 'all' | 'tokens' | 'cost' }) {
  if (!row) return null;
  return (
    <Space size={4} className="estimate-tags" data-testid="estimate">
      {show !== 'cost' && <TokenTag row={row} />}
      {show !== 'tokens' && <CostTag row={row} testId="estimated-cost" />}
    </Space>
  );
}

function defaultTarget(
  version: VersionResponseDto,
  providers: { name: string; enabled: boolean; models: { id: string }[] }[],
): Target {
  const configured = providers.find((p) => p.name === version.modelConfig.provider && p.enabled);
  if (configured) return { provider: configured.name, model: version.modelConfig.model ?? configured.models[0]?.id };
  const first = providers.find((p) => p.enabled);
  return first ? { provider: first.name, model: first.models[0]?.id } : {};
}

interface WorkbenchProps {
  version: VersionResponseDto;
  mode: Mode;
  onModeChange(mode: Mode): void;
}

/** Variables, model and parameters of one version on the left; its prompt and answers on the right. */
export function Workbench({ version, mode, onModeChange }: WorkbenchProps) {
  const { t } = useI18n();
  const providers = useProviders();
  const fields = useVersionFields(version);
  const [values, setValues] = useState<VariableValues>(() => defaultsOf(fields));
  const live = useLiveRender(version, fields, values);
  const [target, setTarget] = useState<Target>({});
  const [targets, setTargets] = useState<Target[]>([{}, {}]);
  const [parameters, setParameters] = useState<Parameters>(() => ({
    temperature: version.modelConfig.temperature,
    maxTokens: version.modelConfig.maxTokens,
    topP: version.modelConfig.topP,
  }));
  const [openRun, setOpenRun] = useState<number>();
  const [formKey, setFormKey] = useState(0);
  const streams = useRunStreams();
  const fetchRun = useFetchPlaygroundRun();
  const onError = useProblemHandler();

  // Once providers are known, start from the version's own model settings, else the first provider.
  useEffect(() => {
    const list = providers.data;
    if (!list?.length) return;
    setTarget((current) => (current.provider ? current : defaultTarget(version, list)));
    setTargets((current) => {
      if (current.some((c) => c.provider)) return current;
      // Compare the version's model with the next one its provider offers.
      const first = defaultTarget(version, list);
      const models = list.find((p) => p.name === first.provider)?.models ?? [];
      const next = models.find((m) => m.id !== first.model)?.id ?? first.model;
      return [first, { provider: first.provider, model: next }];
    });
  }, [providers.data, version]);

  const ready = live.text !== undefined || live.messages !== undefined;
  const variables = useMemo(() => toVariables(values), [values]);
  const active = mode === 'single' ? [target] : targets;
  const mayRun = useCan('prompt:edit');
  const runnable = mayRun && ready && active.every((t) => t.provider && t.model) && !streams.streaming;

  // Counted in the browser: typing a variable sends nothing to the server until the run.
  const prompt = live.messages ?? live.text;
  const counts = usePromptTokens(
    prompt,
    active.flatMap((t) => (t.model ? [tokenizerFor(t.model)] : [])),
  );
  const estimateFor = (t: Target): RadarRow | undefined =>
    ready && t.model
      ? radarRow(
          t.model,
          providers.data?.find((p) => p.name === t.provider),
          counts,
          parameters.maxTokens,
        )
      : undefined;

  const bodyFor = useCallback(
    (t: Target): CreatePlaygroundRunDto => ({
      prompt: version.prompt,
      version: version.version,
      variables,
      provider: t.provider!,
      model: t.model!,
      ...parameters,
    }),
    [version, variables, parameters],
  );

  const run = useCallback(() => {
    if (!runnable) return;
    streams.clear();
    if (mode === 'single') streams.start('main', { kind: 'create', body: bodyFor(target) });
    else targets.forEach((t, i) => streams.start(`compare-${i}`, { kind: 'create', body: bodyFor(t) }));
  }, [runnable, streams, mode, bodyFor, target, targets]);

  const rerun = async (logged: RunSummaryDto) => {
    onModeChange('single');
    streams.clear();
    // The form shows what the re-run sends: the logged run's variables, model and parameters.
    setTarget({ provider: logged.provider, model: logged.model });
    setParameters({
      temperature: logged.parameters.temperature,
      maxTokens: logged.parameters.maxTokens,
      topP: logged.parameters.topP,
    });
    // The logged parameters go along so the summary can show them; the API would reuse them anyway.
    streams.start('main', { kind: 'rerun', id: logged.id, body: { ...logged.parameters } });
    try {
      const { variables } = await fetchRun(logged.id);
      setValues(variables);
      // The form reads its values once: start it over with the run's.
      setFormKey((key) => key + 1);
    } catch (error) {
      onError(error);
    }
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        run();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [run]);

  const noProviders = providers.isSuccess && providers.data.length === 0;

  return (
    <>
      <div className="playground-grid">
        <div className="playground-grid__inputs">
          <VariablesCard
            key={formKey}
            fields={fields}
            values={values}
            issues={live.issues}
            onChange={setValues}
            testId="playground-form"
          />
          <Card size="small" title={mode === 'single' ? t('playground.modelCard') : t('playground.modelsCard')}>
            {noProviders ? (
              <Alert
                type="info"
                showIcon
                message={t('playground.noProviders')}
                description={<Link to="/providers">{t('playground.addProvider')}</Link>}
              />
            ) : mode === 'single' ? (
              <TargetSelect providers={providers.data ?? []} value={target} onChange={setTarget} />
            ) : (
              <div className="compare-targets">
                {targets.map((value, index) => (
                  <div key={index} className="compare-targets__row">
                    <span className="compare-targets__index">{String.fromCharCode(65 + index)}</span>
                    <TargetSelect
                      providers={providers.data ?? []}
                      value={value}
                      index={index}
                      onChange={(next) => setTargets((all) => all.map((v, i) => (i === index ? next : v)))}
                    />
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      disabled={targets.length <= 2}
                      aria-label={t('playground.removeModel')}
                      onClick={() => setTargets((all) => all.filter((_v, i) => i !== index))}
                    />
                  </div>
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  disabled={targets.length >= MAX_COMPARE}
                  onClick={() => setTargets((all) => [...all, { provider: all[0]?.provider }])}
                >
                  {t('playground.addModel')}
                </Button>
              </div>
            )}
            <div className="playground-params">
              <ParametersForm value={parameters} onChange={setParameters} />
            </div>
          </Card>
        </div>
        <div className="playground-grid__output">
          <Card
            size="small"
            title={t('playground.renderedPrompt', { version: version.version })}
            extra={
              mode === 'single' ? (
                <EstimateTags row={estimateFor(target)} />
              ) : (
                <EstimateTags row={estimateFor(targets[0])} show="tokens" />
              )
            }
            className="playground-prompt"
          >
            <LivePreview live={live} />
          </Card>
          <Card size="small" className="playground-radar">
            <CostRadar
              prompt={prompt}
              provider={active[0]?.provider}
              model={active[0]?.model}
              maxTokens={parameters.maxTokens}
            />
          </Card>
          <Card
            size="small"
            title={t('playground.answer')}
            extra={
              <Space>
                <Typography.Text type="secondary" className="small kbd-hint">
                  {isMac ? '⌘' : 'Ctrl'} + Enter
                </Typography.Text>
                {streams.streaming ? (
                  <Button danger icon={<StopOutlined />} onClick={() => streams.stop()} data-testid="stop-run">
                    {t('playground.stop')}
                  </Button>
                ) : (
                  <Allowed permission="prompt:edit">
                    <Button
                      type="primary"
                      icon={<CaretRightOutlined />}
                      disabled={!runnable}
                      onClick={run}
                      data-testid="run"
                    >
                      {mode === 'single' ? t('playground.run') : t('playground.runAll', { count: targets.length })}
                    </Button>
                  </Allowed>
                )}
              </Space>
            }
          >
            {mode === 'single' ? (
              <AnswerPanel run={streams.runs.main} parameters={parameters} testId="answer" prompt={version.prompt} />
            ) : (
              <div
                className="compare-grid"
                style={{ gridTemplateColumns: `repeat(${targets.length}, minmax(0, 1fr))` }}
              >
                {targets.map((value, index) => {
                  const state = streams.runs[`compare-${index}`];
                  return (
                    <div key={index} className="compare-grid__column" data-testid={`compare-${index}`}>
                      <div className="compare-grid__head">
                        <span className="compare-targets__index">{String.fromCharCode(65 + index)}</span>
                        <span className="mono">
                          {state
                            ? `${state.provider}/${state.model}`
                            : `${value.provider ?? '—'}/${value.model ?? '—'}`}
                        </span>
                        {state?.phase === 'streaming' && (
                          <Button
                            size="small"
                            type="text"
                            danger
                            icon={<StopOutlined />}
                            onClick={() => streams.stop(`compare-${index}`)}
                            aria-label={t('playground.stop')}
                          />
                        )}
                        <EstimateTags row={estimateFor(value)} show="cost" />
                      </div>
                      <AnswerPanel run={state} parameters={parameters} prompt={version.prompt} />
                    </div>
                  );
                })}
              </div>
            )}
          </Card>
        </div>
      </div>
      <Card size="small" title={t('playground.history', { prompt: version.prompt })} className="playground-history">
        <RunHistory prompt={version.prompt} onOpen={setOpenRun} onRerun={rerun} busy={streams.streaming} />
      </Card>
      <RunDrawer runId={openRun} onClose={() => setOpenRun(undefined)} />
    </>
  );
}
