import { useId, type ReactNode } from 'react';

interface DashboardCardProps {
  title: string;
  testId: string;
  children: ReactNode;
  /** `alert` marks a figure that needs attention (something out of bounds, overdue). */
  tone?: 'default' | 'alert';
  className?: string;
}

/** One figure of the dashboard: a titled card, named by its heading for screen readers. */
export function DashboardCard({ title, testId, children, tone, className }: DashboardCardProps) {
  const headingId = useId();
  const classes = [
    'card',
    'dashboard-card',
    tone === 'alert' ? 'dashboard-card-alert' : '',
    className,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <section className={classes} aria-labelledby={headingId} data-testid={testId}>
      <h2 id={headingId} className="card-label">
        {title}
      </h2>
      {children}
    </section>
  );
}
