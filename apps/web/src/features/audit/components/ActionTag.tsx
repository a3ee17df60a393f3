import { Tag } from 'antd';

const COLORS: Record<string, string> = {
  prompt: 'blue',
  version: 'geekblue',
  deployment: 'green',
  webhook: 'cyan',
  environment: 'lime',
  api_key: 'gold',
  provider: 'orange',
  user: 'purple',
  auth: 'default',
  debug_mode: 'volcano',
};

/** An audit action such as `deployment.rollback`, coloured by what it acts on. */
export function ActionTag({ action }: { action: string }) {
  const color = action === 'auth.login_failed' ? 'red' : (COLORS[action.split('.')[0]] ?? 'default');
  return (
    <Tag color={color} bordered={false} className="mono">
      {action}
    </Tag>
  );
}
