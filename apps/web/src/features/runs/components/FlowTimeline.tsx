import { Bar } from '@ant-design/charts';
import type { RunSummaryDto } from '@promptops/api-client';

/**
 * A flow run's steps on one time axis: a bar per step from its start to its end, so steps that
 * ran in parallel are seen side by side. Loaded on its own (React.lazy): the charting library
 * stays out of the main bundle.
 */
export default function FlowTimeline({
  flowStartedAt,
  steps,
  onOpenRun,
}: {
  flowStartedAt: string;
  steps: RunSummaryDto[];
  onOpenRun?: (id: number) => void;
}) {
  const origin = new Date(flowStartedAt).getTime();
  const data = steps.map((step) => {
    const start = Math.max(0, new Date(step.createdAt).getTime() - origin);
    return {
      // Retries of a step are runs of their own: the run id keeps their bars apart.
      step: `${step.stepId ?? '?'} #${step.id}`,
      id: step.id,
      status: step.status,
      span: [start, start + (step.latencyMs ?? 0)],
    };
  });
  return (
    <div data-testid="flow-timeline">
      <Bar
        data={data}
        xField="step"
        yField="span"
        colorField="status"
        height={Math.max(120, 40 * data.length + 60)}
        axis={{ y: { title: 'ms' } }}
        onReady={({ chart }) => {
          chart.on('element:click', (event: { data?: { data?: { id?: number } } }) => {
            const id = event.data?.data?.id;
            if (id !== undefined) onOpenRun?.(id);
          });
        }}
      />
    </div>
  );
}
