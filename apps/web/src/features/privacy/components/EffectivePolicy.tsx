import type { EffectivePrivacyPolicyDto } from '@promptops/api-client';
import { PII_ENTITY_TYPES } from '@promptops/shared';
import { Empty, Table, Tag } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { entityLabel } from './PolicyEditor';

const ACTION_COLORS: Record<string, string> = { off: 'default', mask: 'blue', tokenize: 'purple', block: 'red' };

/** The policy that applies, each type with the level it comes from. */
export function EffectivePolicy({ policy }: { policy: EffectivePrivacyPolicyDto }) {
  const { t } = useI18n();
  const types = [
    ...PII_ENTITY_TYPES,
    ...Object.keys(policy.entities).filter((type) => !(PII_ENTITY_TYPES as readonly string[]).includes(type)),
  ];
  const rows = types.map((type) => ({
    type,
    action: policy.entities[type] ?? 'off',
    source: policy.sources[type],
  }));
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table
      size="small"
      rowKey="type"
      pagination={false}
      dataSource={rows}
      data-testid="privacy-effective"
      columns={[
        { title: t('privacy.entityType'), dataIndex: 'type', render: (type: string) => entityLabel(t, type) },
        {
          title: t('privacy.actionColumn'),
          dataIndex: 'action',
          render: (action: 'off' | 'mask' | 'tokenize' | 'block') => (
            <Tag color={ACTION_COLORS[action]}>{t(`privacy.action.${action}`)}</Tag>
          ),
        },
        {
          title: t('privacy.source'),
          dataIndex: 'source',
          render: (source: 'default' | 'environment' | 'prompt' | undefined) =>
            source ? t(`privacy.level.${source}`) : t('privacy.level.none'),
        },
      ]}
    />
  );
}
