import type { CharterContent, DataCategory } from '../../../shared/domain/charter';
import type { CadenceKey } from '../../../shared/domain/governance-terms';

export { legalBasisLabels } from '../../../shared/domain/charter';

/** Short cadence names for table cells; the form uses the longer `cadenceLabels`. */
export const cadenceShortLabels: Record<CadenceKey, string> = {
  realtime: 'Real-time',
  hourly: 'Hourly',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
};

export function findCategory(content: CharterContent, id: string): DataCategory | undefined {
  return content.categories.find((category) => category.id === id);
}

/** Names by id for one of the charter's vocabularies; an unknown id shows as itself. */
export function namer(items: readonly { id: string; name: string }[]): (id: string) => string {
  const names = new Map(items.map((item) => [item.id, item.name]));
  return (id) => names.get(id) ?? id;
}
