import type { ReactNode } from 'react';
import { FieldFindings } from './form-charter';

/** A field's hint followed by what the charter check found about the field. */
export function FindingsHint({ field, children }: { field: string; children: ReactNode }) {
  return (
    <>
      {children}
      <FieldFindings field={field} />
    </>
  );
}
