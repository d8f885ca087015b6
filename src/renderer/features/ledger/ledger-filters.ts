import type { ChannelInput } from '../../../shared/contract';
import type { LedgerOrder } from '../../../shared/domain/ledger';

/** What the entries table shows. It lives in the URL, so Back and a reload keep the view. */
export interface LedgerFilters {
  types: string[];
  actor: string;
  /** An entity prefix, for example `dataset:` or a full `dataset:<id>`. */
  entity: string;
  /** Inclusive days, `YYYY-MM-DD`, or '' for no bound. */
  from: string;
  to: string;
  order: LedgerOrder;
}

export const entityMaxLength = 200;
const day = /^\d{4}-\d{2}-\d{2}$/;

function dayParam(params: URLSearchParams, name: string): string {
  const value = params.get(name) ?? '';
  return day.test(value) ? value : '';
}

export function readLedgerFilters(params: URLSearchParams): LedgerFilters {
  return {
    // Sorted, so equal filters give equal queries whatever order the URL lists them in.
    types: [...new Set(params.getAll('type'))]
      .filter((type) => type !== '' && type.length <= 80)
      .sort()
      .slice(0, 50),
    actor: (params.get('actor') ?? '').slice(0, 200),
    entity: (params.get('entity') ?? '').slice(0, entityMaxLength),
    from: dayParam(params, 'from'),
    to: dayParam(params, 'to'),
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
}

/** Writes the filters into `params`, keeping what else the screen keeps there (tab, entry). */
export function writeLedgerFilters(
  params: URLSearchParams,
  filters: LedgerFilters,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of ['type', 'actor', 'entity', 'from', 'to', 'order']) next.delete(name);
  for (const type of filters.types) next.append('type', type);
  if (filters.actor) next.set('actor', filters.actor);
  if (filters.entity) next.set('entity', filters.entity);
  if (filters.from) next.set('from', filters.from);
  if (filters.to) next.set('to', filters.to);
  if (filters.order === 'asc') next.set('order', 'asc');
  return next;
}

export function hasActiveLedgerFilters(filters: LedgerFilters): boolean {
  return (
    filters.types.length > 0 ||
    filters.actor !== '' ||
    filters.entity.trim() !== '' ||
    filters.from !== '' ||
    filters.to !== ''
  );
}

export const noLedgerFilters: Omit<LedgerFilters, 'order'> = {
  types: [],
  actor: '',
  entity: '',
  from: '',
  to: '',
};

export function toLedgerListInput(
  filters: LedgerFilters,
  offset: number,
  limit: number,
): ChannelInput<'ledger.list'> {
  return {
    types: filters.types,
    actor: filters.actor,
    entity: filters.entity.trim(),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    order: filters.order,
    offset,
    limit,
  };
}
