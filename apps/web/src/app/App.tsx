import { Result } from 'antd';

export function App() {
  return <Result status="info" title="PromptOps" subTitle="The admin console is on its way." />;
}
