import { Tooltip } from 'antd';
import { formatPercent } from '../experiment-format';

/** pass@k for k = 1…n as a row of small bars: how the chance of one pass grows with tries. */
export function PassAtK({ values }: { values: number[] }) {
  if (values.length === 0) return <span className="muted">—</span>;
  const title = values.map((v, i) => `pass@${i + 1} ${formatPercent(v)}`).join(' · ');
  return (
    <Tooltip title={title}>
      <span className="pass-at-k" aria-label={title}>
        <span className="pass-at-k__bars">
          {values.map((v, i) => (
            <span key={i} className="pass-at-k__bar" style={{ height: `${Math.max(2, Math.round(v * 20))}px` }} />
          ))}
        </span>
        <span className="mono small">
          {formatPercent(values[0])}
          {values.length > 1 && ` → ${formatPercent(values[values.length - 1])}`}
        </span>
      </span>
    </Tooltip>
  );
}
