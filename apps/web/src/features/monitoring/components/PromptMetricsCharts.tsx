import { Line } from '@ant-design/charts';
import type { PromptMetricsResponseDto } from '@promptops/api-client';
import { Card } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatMs } from '../../runs';

/** Requests and p95 latency of each version over time. Loaded lazily, like the dashboard's charts. */
export default function PromptMetricsCharts({ metrics }: { metrics: PromptMetricsResponseDto }) {
  const { t } = useI18n();
  const label = (version: number) => (version === 0 ? t('monitoring.version.none') : `v${version}`);
  const requests = metrics.series.map((p) => ({ time: new Date(p.t), value: p.requests, version: label(p.version) }));
  const latency = metrics.series.flatMap((p) =>
    p.p95Ms === null ? [] : [{ time: new Date(p.t), value: p.p95Ms, version: label(p.version) }],
  );
  return (
    <div className="monitoring-charts monitoring-charts--two" data-testid="prompt-metrics-charts">
      <Card size="small" title={t('monitoring.chart.requestsPerVersion')}>
        <Line
          data={requests}
          xField="time"
          yField="value"
          colorField="version"
          height={220}
          point={{ sizeField: 2 }}
          axis={{ y: { title: false } }}
        />
      </Card>
      <Card size="small" title={t('monitoring.chart.p95PerVersion')}>
        <Line
          data={latency}
          xField="time"
          yField="value"
          colorField="version"
          height={220}
          point={{ sizeField: 2 }}
          axis={{ y: { title: false, labelFormatter: (v: number) => formatMs(v) } }}
          tooltip={{ items: [{ channel: 'y', valueFormatter: (v: number) => formatMs(v) }] }}
        />
      </Card>
    </div>
  );
}
