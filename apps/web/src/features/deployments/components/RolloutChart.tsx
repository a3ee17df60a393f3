import { Line } from '@ant-design/charts';
import type { RolloutSeriesPointDto } from '@promptops/api-client';
import { useI18n } from '../../../i18n/use-i18n';
import { variantLabel } from './rollout-format';

/**
 * Requests per minute of each arm. Loaded on its own (React.lazy): the charting library stays
 * out of the main bundle.
 */
export default function RolloutChart({ series }: { series: RolloutSeriesPointDto[] }) {
  const { t, language } = useI18n();
  const time = new Intl.DateTimeFormat(language === 'zh' ? 'zh-CN' : 'en', { hour: '2-digit', minute: '2-digit' });
  const data = series.map((p) => ({
    minute: time.format(new Date(p.minute)),
    variant: variantLabel(p.variant, t),
    requests: p.requests,
  }));
  return (
    <div data-testid="rollout-chart">
      <Line
        data={data}
        xField="minute"
        yField="requests"
        colorField="variant"
        height={180}
        point={{ shapeField: 'circle', sizeField: 3 }}
        axis={{ y: { title: t('rollout.requestsPerMinute') } }}
      />
    </div>
  );
}
