import type { ReactNode } from 'react';
import { ChevronDownIcon } from './icons';
import { usePopover } from './use-popover';
import './filter-menu.css';
import './menu-button.css';

interface MenuButtonProps {
  /** What the button shows. */
  label: ReactNode;
  /** The button's accessible name, when `label` alone does not say it. */
  name?: string;
  /** The panel's accessible name. */
  panelLabel: string;
  /** Which edge of the button the panel lines up with. */
  align?: 'start' | 'end';
  active?: boolean;
  testId?: string;
  /** The panel's content; `close` shuts the panel and returns focus to the button. */
  children: (close: () => void) => ReactNode;
}

/** A toolbar button that opens a small panel of controls; see `usePopover`. */
export function MenuButton({
  label,
  name,
  panelLabel,
  align = 'start',
  active = false,
  testId,
  children,
}: MenuButtonProps) {
  const { open, close, panelId, rootProps, buttonProps } = usePopover();

  return (
    <div {...rootProps} className="filter-menu">
      <button
        {...buttonProps}
        type="button"
        className={active ? 'button filter-button filter-button-active' : 'button filter-button'}
        aria-label={name}
        data-testid={testId}
      >
        {label}
        <ChevronDownIcon />
      </button>
      {open ? (
        <div
          id={panelId}
          className={
            align === 'end' ? 'filter-panel menu-panel menu-panel-end' : 'filter-panel menu-panel'
          }
          role="group"
          aria-label={panelLabel}
        >
          {children(close)}
        </div>
      ) : null}
    </div>
  );
}
