import type { MenuProps } from 'antd';
import { Tooltip } from 'antd';
import { cloneElement, type ReactElement, type ReactNode } from 'react';
import type { Permission } from '../../../lib/permissions';
import { useDeniedReason } from '../hooks/use-can';

type MenuItem = NonNullable<MenuProps['items']>[number];

interface AllowedProps {
  permission: Permission;
  /** A control with a `disabled` prop: a Button, a Switch. */
  children: ReactElement<{ disabled?: boolean }>;
  /** The control's own tooltip, for users who may use it. */
  hint?: ReactNode;
}

/** Disables `children` for users without `permission` and says on hover which permission it takes. */
export function Allowed({ permission, children, hint }: AllowedProps) {
  const reason = useDeniedReason()(permission);
  if (!reason) return hint ? <Tooltip title={hint}>{children}</Tooltip> : children;
  return (
    <Tooltip title={reason}>
      {/* A disabled button sends no mouse events, so the wrapper is what the tooltip listens to. */}
      <span
        className="allowed-denied"
        data-denied={permission}
        style={{ display: 'inline-block', cursor: 'not-allowed' }}
      >
        {cloneElement(children, { disabled: true })}
      </span>
    </Tooltip>
  );
}

/** The same for dropdown menu items: disabled, with the reason on hover. */
export function useGuardMenuItem(): (permission: Permission, item: MenuItem) => MenuItem {
  const deniedReason = useDeniedReason();
  return (permission, item) => {
    const reason = deniedReason(permission);
    if (!reason || !item || !('label' in item)) return item;
    return {
      ...item,
      disabled: true,
      label: (
        <Tooltip title={reason} placement="left">
          <span data-denied={permission}>{item.label}</span>
        </Tooltip>
      ),
    } as MenuItem;
  };
}
