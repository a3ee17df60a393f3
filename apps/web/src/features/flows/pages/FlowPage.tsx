import { ApartmentOutlined } from '@ant-design/icons';
import type { PromptDetailResponseDto } from '@promptops/api-client';
import { Breadcrumb, Button, Card, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { LoadError } from '../../../components/LoadError';
import { useI18n } from '../../../i18n/use-i18n';
import { isProblem } from '../../../lib/problem';
import { DeploymentsTab } from '../../deployments/components/DeploymentsTab';
import { DiffTab } from '../../prompts';
import { FlowEditorTab } from '../components/FlowEditorTab';
import { FlowTestTab } from '../components/FlowTestTab';
import { FlowVersionsTab } from '../components/FlowVersionsTab';
import { useFlow } from '../hooks/use-flow';
import { DeprecationBanner, DeprecationTag, RetirementTab } from '../../retirement';

const TABS = ['editor', 'test', 'versions', 'diff', 'deployments', 'retire'] as const;
type TabKey = (typeof TABS)[number];

export default function FlowPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const params = useParams<{ name: string; tab?: string }>();
  const name = params.name!;
  const tab: TabKey = TABS.find((key) => key === params.tab) ?? 'editor';
  const flow = useFlow(name);

  if (flow.isPending) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  if (flow.isError) {
    const missing = isProblem(flow.error) && flow.error.status === 404;
    return missing ? (
      <Result
        status="404"
        title={t('flow.notFound', { name })}
        extra={
          <Link to="/flows">
            <Button type="primary">{t('flow.back')}</Button>
          </Link>
        }
      />
    ) : (
      <LoadError error={flow.error} onRetry={flow.refetch} retrying={flow.isFetching} />
    );
  }

  const data = flow.data;
  // The prompts' tabs read the registry entry only; a flow's latest version is not a prompt version.
  const entry: PromptDetailResponseDto = { ...data, latest: undefined };
  const base = `/flows/${encodeURIComponent(name)}`;
  return (
    <div className="page">
      <Breadcrumb
        items={[{ title: <Link to="/flows">{t('nav.flows')}</Link> }, { title: <span className="mono">{name}</span> }]}
      />
      <div className="page__header">
        <div className="prompt-heading">
          <Space align="center" wrap>
            <Typography.Title level={3}>{data.displayName}</Typography.Title>
            <Tag icon={<ApartmentOutlined />} color="purple" bordered={false}>
              {t('flows.tag')}
            </Tag>
            {!data.enabled && <Tag>{t('prompt.disabled')}</Tag>}
            <DeprecationTag deprecation={data.deprecation} />
          </Space>
          <Space size="middle" wrap className="prompt-heading__meta">
            <Typography.Text code copyable>
              {data.name}
            </Typography.Text>
            {data.latestVersion !== null && <span className="version-number">v{data.latestVersion}</span>}
          </Space>
          {data.description && <Typography.Paragraph type="secondary">{data.description}</Typography.Paragraph>}
        </div>
      </div>
      <DeprecationBanner prompt={data} />
      <Card className="prompt-tabs-card">
        <Tabs
          activeKey={tab}
          onChange={(key) => navigate(key === 'editor' ? base : `${base}/${key}`)}
          destroyOnHidden
          items={[
            { key: 'editor', label: t('tabs.editor'), children: <FlowEditorTab flow={data} /> },
            { key: 'test', label: t('flow.tabs.test'), children: <FlowTestTab flow={data} /> },
            { key: 'versions', label: t('tabs.versions'), children: <FlowVersionsTab flow={data} /> },
            { key: 'diff', label: t('tabs.diff'), children: <DiffTab prompt={entry} /> },
            { key: 'deployments', label: t('tabs.deployments'), children: <DeploymentsTab prompt={entry} flow /> },
            { key: 'retire', label: t('tabs.retire'), children: <RetirementTab prompt={data} /> },
          ]}
        />
      </Card>
    </div>
  );
}
