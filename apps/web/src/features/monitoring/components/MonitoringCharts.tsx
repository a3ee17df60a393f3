import { Column, Line } from '@ant-design/charts';
import type { MetricsOverviewResponseDto } from '@promptops/api-client';
import { Card } from 'antd';
import { useI18n } from '../../../i18n/use-i18n';
import { formatCost, formatMs } from '../../runs';

interface MonitoringChartsProps {
  overview: MetricsOverviewResponseDto;
}

/**
 * Requests and errors over time, latency percentiles and cost per day. Loaded on its own
 * (React.lazy): the charting library stays out of the main bundle.
 */
export default function MonitoringCharts({ overview }: MonitoringChartsProps) {
  const { t } = useI18n();
  const requests = t('monitoring.requests');
  const errors = t('monitoring.errors');
  const traffic = overview.series.flatMap((p) => [
    { time: new Date(p.t), value: p.requests, series: requests },
    { time: new Date(p.t), value: p.errors, series: errors },
  ]);
  const latency = overview.series.flatMap((p) =>
    (
      [
        ['p50', p.p50Ms],
        ['p95', p.p95Ms],
        ['p99', p.p99Ms],
      ] as const
    ).flatMap(([series, value]) => (value === null ? [] : [{ time: new Date(p.t), value, series }])),
  );
  const cost = overview.costPerDay.map((d) => ({ day: d.day, cost: d.costUsd }));

  return (
    <div className="monitoring-charts" data-testid="monitoring-charts">
      <Card size="small" title={t('monitoring.chart.traffic')} data-testid="chart-traffic">
        <Line
          data={traffic}
          xField="time"
          yField="value"
          colorField="series"
          height={240}
          point={{ sizeField: 2 }}
          scale={{ color: { range: ['#1677ff', '#ff4d4f'] } }}
          axis={{ y: { title: false } }}
        />
      </Card>
      <Card size="small" title={t('monitoring.chart.latency')} data-testid="chart-latency">
        <Line
          data={latency}
          xField="time"
          yField="value"
          colorField="series"
          height={240}
          point={{ sizeField: 2 }}
          axis={{ y: { title: false, labelFormatter: (v: number) => formatMs(v) } }}
          tooltip={{ items: [{ channel: 'y', valueFormatter: (v: number) => formatMs(v) }] }}
        />
      </Card>
      <Card size="small" title={t('monitoring.chart.cost')} data-testid="chart-cost">
        <Column
          data={cost}
          xField="day"
          yField="cost"
          height={240}
          axis={{ y: { title: false, labelFormatter: (v: number) => formatCost(v) } }}
          tooltip={{
            items: [{ channel: 'y', name: t('monitoring.cost'), valueFormatter: (v: number) => formatCost(v) }],
          }}
        />
      </Card>
    </div>
  );
}
