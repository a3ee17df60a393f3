import { ApiOutlined, CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { ProviderResponseDto } from '@promptops/api-client';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { Allowed } from '../../auth';
import { useTestProvider } from '../hooks/use-test-provider';
import { useProblemText } from '../../../lib/use-problem-text';

/** Tries a provider and shows the outcome next to the button: its latency, or the problem's detail. */
export function TestConnectionButton({ provider }: { provider: ProviderResponseDto }) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const test = useTestProvider();

  return (
    <Space size={8} className="test-connection" data-testid={`test-${provider.name}`}>
      <Allowed permission="admin:providers">
        <Button
          size="small"
          icon={<ApiOutlined />}
          loading={test.isPending}
          disabled={!provider.enabled}
          onClick={() => test.mutate({ path: { name: provider.name }, body: {} })}
        >
          {t('providers.test')}
        </Button>
      </Allowed>
      {test.isSuccess && (
        <Tooltip title={test.data.model ?? test.data.models?.slice(0, 8).join(', ')}>
          <Typography.Text type="success" className="test-connection__result">
            <CheckCircleFilled /> {t('providers.testOk', { ms: test.data.latencyMs })}
          </Typography.Text>
        </Tooltip>
      )}
      {test.isError && (
        <Typography.Text type="danger" className="test-connection__result" ellipsis={{ tooltip: true }}>
          <CloseCircleFilled /> {problemText(test.error)}
        </Typography.Text>
      )}
    </Space>
  );
}
