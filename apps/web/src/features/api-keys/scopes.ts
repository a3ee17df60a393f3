import type { ApiKeyScope } from '@promptops/shared';

export const scopeColors: Record<ApiKeyScope, string> = {
  run: 'purple',
  render: 'blue',
  read: 'cyan',
  eval: 'gold',
  write: 'orange',
  deploy: 'red',
};
