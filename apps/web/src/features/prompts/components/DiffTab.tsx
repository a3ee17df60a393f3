import { ArrowRightOutlined, SwapOutlined } from '@ant-design/icons';
import type { PromptDetailResponseDto, ValueChangeDto } from '@promptops/api-client';
import { Button, Card, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { TemplateDiff } from '../../../editor/TemplateDiff';
import { useI18n } from '../../../i18n/use-i18n';
import { usePromptDiff } from '../hooks/use-prompt-diff';
import { usePromptVersion } from '../hooks/use-prompt-version';
import { usePromptVersions } from '../hooks/use-prompt-versions';
import { VersionSelect } from './VersionSelect';
import { useProblemText } from '../../../lib/use-problem-text';

const changeColors: Record<ValueChangeDto['change'], string> = { added: 'green', removed: 'red', changed: 'gold' };

function Value({ value }: { value: unknown }) {
  if (value === undefined) return <span className="muted">—</span>;
  return <code className="value-code">{JSON.stringify(value)}</code>;
}

function ChangesTable({ title, changes }: { title: string; changes: ValueChangeDto[] }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title}>
      <Table<ValueChangeDto>
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={changes}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('diff.noChanges')} /> }}
        columns={[
          {
            title: t('diff.name'),
            dataIndex: 'name',
            width: 180,
            render: (name: string) => <span className="mono">{name}</span>,
          },
          {
            title: t('diff.change'),
            dataIndex: 'change',
            width: 110,
            render: (change: ValueChangeDto['change']) => (
              <Tag bordered={false} color={changeColors[change]}>
                {t(`diff.${change}`)}
              </Tag>
            ),
          },
          {
            title: t('diff.fromTo'),
            key: 'values',
            render: (_value, row) => (
              <Space size={6} wrap>
                <Value value={row.from} />
                <ArrowRightOutlined className="muted" />
                <Value value={row.to} />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Compares `?from=A&to=B`: the templates side by side, then variable and model setting changes. */
export function DiffTab({ prompt }: { prompt: PromptDetailResponseDto }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [searchParams, setSearchParams] = useSearchParams();
  const versions = usePromptVersions(prompt.name);
  const latest = prompt.latestVersion ?? 1;
  const to = Number(searchParams.get('to')) || latest;
  const from = Number(searchParams.get('from')) || Math.max(1, to - 1);

  const original = usePromptVersion(prompt.name, from);
  const modified = usePromptVersion(prompt.name, to);
  const diff = usePromptDiff(prompt.name, from, to);

  const choose = (next: { from?: number; to?: number }) =>
    setSearchParams({ from: String(next.from ?? from), to: String(next.to ?? to) }, { replace: true });

  const failure = original.error ?? modified.error ?? diff.error;

  return (
    <div className="diff-tab">
      <div className="toolbar">
        <Space wrap>
          <Typography.Text type="secondary">{t('diff.compare')}</Typography.Text>
          <VersionSelect
            ariaLabel={t('diff.from')}
            versions={versions.data?.items}
            value={from}
            onChange={(version) => choose({ from: version })}
          />
          <Tooltip title={t('diff.swap')}>
            <Button
              icon={<SwapOutlined />}
              onClick={() => choose({ from: to, to: from })}
              aria-label={t('diff.swap')}
            />
          </Tooltip>
          <VersionSelect
            ariaLabel={t('diff.to')}
            versions={versions.data?.items}
            value={to}
            onChange={(version) => choose({ to: version })}
          />
        </Space>
        {diff.data && (
          <Space size={6} data-testid="diff-stats">
            <Tag color="green" bordered={false}>
              +{diff.data.template.added}
            </Tag>
            <Tag color="red" bordered={false}>
              −{diff.data.template.removed}
            </Tag>
            <Typography.Text type="secondary">{t('diff.lines')}</Typography.Text>
          </Space>
        )}
      </div>
      {failure ? (
        <Empty description={problemText(failure)} />
      ) : !original.data || !modified.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <div className="diff-tab__headers">
            <Typography.Text strong>{t('diff.versionLabel', { version: from })}</Typography.Text>
            <Typography.Text strong>{t('diff.versionLabel', { version: to })}</Typography.Text>
          </div>
          <TemplateDiff original={original.data.template} modified={modified.data.template} />
        </>
      )}
      {diff.data && (
        <div className="diff-tab__changes">
          <ChangesTable title={t('diff.variables')} changes={diff.data.variables} />
          <ChangesTable title={t('diff.modelSettings')} changes={diff.data.modelConfig} />
          {diff.data.builderSpec.length > 0 && (
            <ChangesTable title={t('builder.specChanges')} changes={diff.data.builderSpec} />
          )}
        </div>
      )}
    </div>
  );
}
