import type { ReactNode } from 'react';

interface FormSectionProps {
  /** Makes the heading's id, `dataset-section-<id>`, which names the section. */
  id: string;
  title: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}

/** One titled section of the dataset form. */
export function FormSection({ id, title, className, testId, children }: FormSectionProps) {
  const headingId = `dataset-section-${id}`;
  return (
    <section
      className={className ? `form-section ${className}` : 'form-section'}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <h2 id={headingId} className="form-section-title">
        {title}
      </h2>
      {children}
    </section>
  );
}
