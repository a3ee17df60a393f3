import { EditOutlined, ExperimentOutlined, FolderOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { PromptHistoryTab } from '../../audit/components/PromptHistoryTab';
import { DeploymentsTab } from '../../deployments/components/DeploymentsTab';
import { Allowed } from '../../auth';
import { PromptMetricsTab } from '../../monitoring';
import { EditDetailsModal } from '../components/EditDetailsModal';
import { DiffTab } from '../components/DiffTab';
import { EditorTab } from '../components/EditorTab';
import { PreviewTab } from '../components/PreviewTab';
import { EnabledBadge } from '../components/StatusTags';
import { TogglePromptButton } from '../components/TogglePromptButton';
import { VersionsTab } from '../components/VersionsTab';
import { usePrompt } from '../hooks/use-prompt';
import { useProblemText } from '../../../lib/use-problem-text';
import { PromptPrivacyTab } from '../../privacy';
import { DeprecationBanner, DeprecationTag, RetirementTab } from '../../retirement';

const TABS = [
  'versions',
  'editor',
  'preview',
  'diff',
  'deployments',
  'metrics',
  'history',
  'retire',
  'privacy',
] as const;
type TabKey = (typeof TABS)[number];

export default function PromptPage() {
  const { t } = useI18n();
  const problemText = useProblemText();
  const navigate = useNavigate();
  const params = useParams<{ name: string; tab?: string }>();
  const name = params.name!;
  const tab: TabKey = TABS.find((key) => key === params.tab) ?? 'versions';
  const prompt = usePrompt(name);
  const [searchParams] = useSearchParams();
  const [editingDetails, setEditingDetails] = useState(false);

  if (prompt.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  if (prompt.isError) {
    const missing = isProblem(prompt.error) && prompt.error.status === 404;
    return (
      <Result
        status={missing ? '404' : 'error'}
        title={missing ? t('prompt.notFound', { name }) : t('common.requestFailed')}
        subTitle={missing ? undefined : problemText(prompt.error)}
        extra={
          <Link to="/prompts">
            <Button type="primary">{t('notFound.back')}</Button>
          </Link>
        }
      />
    );
  }

  const data = prompt.data;
  const base = `/prompts/${encodeURIComponent(name)}`;
  // The version being previewed or edited goes along; otherwise the Playground takes the latest.
  const version = searchParams.get('version') ?? searchParams.get('from');
  const playgroundLink = `/playground?${new URLSearchParams({ prompt: name, ...(version ? { version } : {}) })}`;

  return (
    <div className="page">
      <Breadcrumb
        items={[
          { title: <Link to="/prompts">{t('nav.prompts')}</Link> },
          { title: <span className="mono">{name}</span> },
        ]}
      />
      <div className="page__header">
        <div className="prompt-heading">
          <Space align="center" wrap>
            <Typography.Title level={3}>{data.displayName}</Typography.Title>
            <EnabledBadge enabled={data.enabled} />
            <DeprecationTag deprecation={data.deprecation} />
          </Space>
          <Space size="middle" wrap className="prompt-heading__meta">
            <Typography.Text code copyable>
              {data.name}
            </Typography.Text>
            {data.folder && (
              <Typography.Text type="secondary">
                <FolderOutlined /> {data.folder}
              </Typography.Text>
            )}
            {data.tags.length > 0 && (
              <span>
                {data.tags.map((tag) => (
                  <Tag key={tag}>{tag}</Tag>
                ))}
              </span>
            )}
          </Space>
          {data.description && <Typography.Paragraph type="secondary">{data.description}</Typography.Paragraph>}
        </div>
        <Space wrap>
          <Allowed permission="prompt:edit">
            <Button icon={<EditOutlined />} onClick={() => setEditingDetails(true)}>
              {t('details.edit')}
            </Button>
          </Allowed>
          <Link to={playgroundLink}>
            <Button icon={<ExperimentOutlined />}>{t('playground.openInPlayground')}</Button>
          </Link>
          <TogglePromptButton prompt={data} />
        </Space>
      </div>
      <DeprecationBanner prompt={data} />
      <Card className="prompt-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(key === 'versions' ? base : `${base}/${key}`)}
          destroyOnHidden
          items={[
            { key: 'versions', label: t('tabs.versions'), children: <VersionsTab prompt={data} /> },
            { key: 'editor', label: t('tabs.editor'), children: <EditorTab prompt={data} /> },
            { key: 'preview', label: t('tabs.preview'), children: <PreviewTab prompt={data} /> },
            { key: 'diff', label: t('tabs.diff'), children: <DiffTab prompt={data} /> },
            { key: 'deployments', label: t('tabs.deployments'), children: <DeploymentsTab prompt={data} /> },
            { key: 'metrics', label: t('tabs.metrics'), children: <PromptMetricsTab name={name} /> },
            { key: 'history', label: t('tabs.history'), children: <PromptHistoryTab name={name} /> },
            { key: 'retire', label: t('tabs.retire'), children: <RetirementTab prompt={data} /> },
            { key: 'privacy', label: t('tabs.privacy'), children: <PromptPrivacyTab name={name} /> },
          ]}
        />
      </Card>
      <EditDetailsModal prompt={data} open={editingDetails} onClose={() => setEditingDetails(false)} />
    </div>
  );
}
