import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { CharterContentInput } from './charter-form';

export type IdList = 'accessLevels' | 'partnerTiers' | 'purposes' | 'categories' | 'clauses';

interface IdLock {
  /** Whether the item's id may still change: it was added since the draft was last saved. */
  isEditable: (list: IdList, id: string) => boolean;
  /** Records an id given to a new item, so it stays editable until the next save. */
  markCreated: (list: IdList, id: string) => void;
}

const IdLockContext = createContext<IdLock | null>(null);
const noIds: ReadonlySet<string> = new Set();

/**
 * Ids are stable across versions (grants, datasets and diffs refer to them), so an id that is
 * saved is fixed; a new item's id can change until the draft is saved. `saved` is the content
 * the form was last reset to.
 */
export function IdLockProvider({
  saved,
  children,
}: {
  saved: CharterContentInput;
  children: ReactNode;
}) {
  const [created, setCreated] = useState({ saved, ids: noIds });
  // A save (new `saved` content) fixes every id created before it.
  const ids = created.saved === saved ? created.ids : noIds;
  const value = useMemo<IdLock>(
    () => ({
      isEditable: (list, id) =>
        ids.has(`${list}:${id}`) || !saved[list].some((item) => item.id === id),
      markCreated: (list, id) => {
        setCreated((current) => ({
          saved,
          ids: new Set([...(current.saved === saved ? current.ids : []), `${list}:${id}`]),
        }));
      },
    }),
    [saved, ids],
  );
  return <IdLockContext value={value}>{children}</IdLockContext>;
}

export function useIdLock(): IdLock {
  const lock = useContext(IdLockContext);
  if (lock === null) throw new Error('useIdLock() needs an <IdLockProvider> above it.');
  return lock;
}
