import { useCallback, useMemo, useState } from 'react';
import type { CharterContent } from '../../../shared/domain/charter';
import type { ImpactItem } from '../../../shared/domain/charter-impact';
import type {
  GrantRemediationInput,
  RemediationAction,
} from '../../../shared/domain/charter-remediation';

export type AccessLevel = CharterContent['accessLevels'][number];

/** One grant's remediation as the dialog holds it while the lead decides. */
export interface RemediationDraft {
  /** '' until a choice is made. */
  action: RemediationAction | '';
  justification: string;
  /** Narrow: the level to narrow to; the grant's own level keeps it. */
  level: string;
  /** Narrow: the earlier end day (YYYY-MM-DD); '' keeps the grant's own. */
  until: string;
}

export const emptyDraft: RemediationDraft = { action: '', justification: '', level: '', until: '' };

/**
 * The levels a grant can be narrowed to: those the proposed charter ranks at or below the
 * grant's own (all of them when the proposed charter no longer knows the grant's level).
 */
export function levelsAtOrBelow(levels: readonly AccessLevel[], level: string): AccessLevel[] {
  const at = levels.findIndex((candidate) => candidate.id === level);
  return at < 0 ? [...levels] : levels.slice(0, at + 1);
}

/** What still keeps one grant's remediation from being sent; null when it is complete. */
export function missingPart(item: ImpactItem, draft: RemediationDraft): string | null {
  if (draft.action === '') return 'Choose revoke, narrow or accept';
  if (draft.justification.trim() === '') return 'Give a justification';
  if (draft.action === 'narrow') {
    const lower = draft.level !== '' && draft.level !== item.level;
    if (!lower && draft.until === '') return 'Choose a lower level or an earlier end day';
  }
  return null;
}

function toInput(item: ImpactItem, draft: RemediationDraft): GrantRemediationInput {
  const base = {
    grantId: item.grantId,
    action: draft.action === '' ? 'accept' : draft.action,
    justification: draft.justification.trim(),
  } as const;
  if (draft.action !== 'narrow') return base;
  return {
    ...base,
    ...(draft.level !== '' && draft.level !== item.level ? { level: draft.level } : {}),
    ...(draft.until === '' ? {} : { until: draft.until }),
  };
}

/**
 * The lead's remediation per out-of-bounds grant, kept by grant id so a reloaded impact keeps
 * what was already decided. Hundreds of grants can be affected, hence "apply to all".
 */
export function useRemediations(items: readonly ImpactItem[], levels: readonly AccessLevel[]) {
  const [drafts, setDrafts] = useState<Readonly<Record<string, RemediationDraft>>>({});

  const draftOf = useCallback((grantId: string) => drafts[grantId] ?? emptyDraft, [drafts]);

  const update = useCallback((grantId: string, change: Partial<RemediationDraft>) => {
    setDrafts((current) => ({
      ...current,
      [grantId]: { ...(current[grantId] ?? emptyDraft), ...change },
    }));
  }, []);

  /** Gives `draft` to every grant, or only to those without a choice yet. */
  const applyToAll = useCallback(
    (draft: RemediationDraft, onlyUndecided: boolean) => {
      setDrafts((current) => {
        const next = { ...current };
        for (const item of items) {
          if (onlyUndecided && (current[item.grantId]?.action ?? '') !== '') continue;
          // A level above the grant's own would widen it: that grant keeps its level.
          const allowed = levelsAtOrBelow(levels, item.level).some((l) => l.id === draft.level);
          next[item.grantId] = { ...draft, level: allowed ? draft.level : item.level };
        }
        return next;
      });
    },
    [items, levels],
  );

  const pending = useMemo(
    () => items.filter((item) => missingPart(item, drafts[item.grantId] ?? emptyDraft) !== null),
    [items, drafts],
  );
  const undecided = useMemo(
    () => items.filter((item) => (drafts[item.grantId]?.action ?? '') === '').length,
    [items, drafts],
  );

  const remediations = useCallback(
    () => items.map((item) => toInput(item, drafts[item.grantId] ?? emptyDraft)),
    [items, drafts],
  );

  return { draftOf, update, applyToAll, pending, undecided, remediations };
}
