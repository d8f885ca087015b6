import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import {
  checkDatasetAgainstCharter,
  type CharterFinding,
} from '../../../shared/domain/catalog-rules';
import type { DataCategory } from '../../../shared/domain/charter';
import type { CharterVersion } from '../../../shared/domain/charter-version';
import { emptyDatasetDraft } from '../../../shared/domain/dataset';
import { useDraftForm } from './draft-form';
import { findCategory } from './governance-labels';
import type { GoverningCharter } from './use-governing-charter';

export interface FormCharter {
  state: GoverningCharter;
  reload: () => void;
  /** The governing version, once loaded and if one is published. */
  charter: CharterVersion | null;
  /** The chosen category in it, if it has one by that id. */
  category: DataCategory | undefined;
  /** What the draft breaks right now; empty until a category is chosen. */
  findings: readonly CharterFinding[];
}

const FormCharterContext = createContext<FormCharter | null>(null);

export function useFormCharter(): FormCharter {
  const value = useContext(FormCharterContext);
  if (value === null) throw new Error('useFormCharter() needs a <FormCharterProvider> above it.');
  return value;
}

/**
 * Checks the draft against the governing charter as the user edits, with the same rules main
 * applies on save. Only the fields the rules read are watched, so typing a title costs nothing.
 */
export function FormCharterProvider({
  state,
  reload,
  children,
}: {
  state: GoverningCharter;
  reload: () => void;
  children: ReactNode;
}) {
  const { control } = useDraftForm();
  const [categoryId, cadence, sensitivity, retention, schemaFields] = useWatch({
    control,
    name: ['category', 'cadence', 'sensitivity', 'retention', 'schemaFields'],
  });
  const charter = state.status === 'ready' ? state.charter : null;
  const value = useMemo<FormCharter>(() => {
    const category = charter ? findCategory(charter.content, categoryId) : undefined;
    const findings =
      charter && categoryId !== ''
        ? checkDatasetAgainstCharter(
            {
              ...emptyDatasetDraft,
              category: categoryId,
              cadence,
              sensitivity,
              retention,
              schemaFields,
            },
            charter.content,
          )
        : [];
    return { state, reload, charter, category, findings };
  }, [state, reload, charter, categoryId, cadence, sensitivity, retention, schemaFields]);
  return <FormCharterContext value={value}>{children}</FormCharterContext>;
}

/** The findings about one field, shown with it (inside its hint, so they are announced too). */
export function FieldFindings({ field }: { field: string }) {
  const { findings } = useFormCharter();
  const mine = findings.filter((finding) => finding.field === field);
  if (mine.length === 0) return null;
  return (
    <span className="field-findings" data-testid={`finding-${field}`}>
      {mine.map((finding) => (
        <span key={finding.rule} className="field-finding">
          <span aria-hidden="true">⚠ </span>
          {finding.message}
        </span>
      ))}
    </span>
  );
}
