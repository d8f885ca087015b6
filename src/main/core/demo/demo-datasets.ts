import type { CharterContent, DataCategory } from '../../../shared/domain/charter';
import type { DatasetDraft, FieldType, SchemaField } from '../../../shared/domain/dataset';
import {
  type Cadence,
  cadenceKey,
  isoDurationDays,
  type Sensitivity,
} from '../../../shared/domain/governance-terms';
import { demoRows } from './demo-dataset-rows';

export const demoOrganisation = 'Metro Mobility Partnership';

/** The demo's partner organisations, which hold the datasets the partnership catalogues. */
const holders = [
  'Metro Transit Authority',
  'City of Riverton',
  'Northbank Tram Company',
  'Cyclo Bike Share',
  'Riverton Parking Services',
  'Regional Environment Agency',
  'Harbour Ferries',
  'Valley Rail',
  'Riverton University',
  'Eastside Municipality',
  'Westgate Municipality',
  'Greenline Scooters',
];

function categoryFor(sensitivity: Sensitivity, tags: string[]): string {
  if (sensitivity === 'restricted' || tags.includes('personal-data')) return 'personal';
  if (tags.includes('finance') || tags.includes('contracts')) return 'commercial';
  if (sensitivity === 'public') return 'open-reference';
  return 'operational';
}

/** The fastest cadence the category allows that suits the data: streams stay streams. */
function cadenceFor(category: DataCategory, tags: string[], title: string): Cadence {
  const allowed = category.allowedCadences;
  const wanted = tags.includes('real-time')
    ? 'realtime'
    : /hourly/i.test(title)
      ? 'hourly'
      : /monthly/i.test(title)
        ? 'monthly'
        : 'daily';
  return allowed.find((c) => cadenceKey(c) === wanted) ?? allowed[0] ?? { kind: 'realtime' };
}

const fieldSets: Record<string, [string, FieldType][]> = {
  transit: [
    ['trip_id', 'string'],
    ['route_id', 'string'],
    ['stop_id', 'string'],
    ['observed_at', 'datetime'],
  ],
  micromobility: [
    ['vehicle_id', 'string'],
    ['station_id', 'string'],
    ['started_at', 'datetime'],
    ['duration_s', 'integer'],
  ],
  default: [
    ['id', 'string'],
    ['recorded_at', 'datetime'],
    ['location', 'geometry'],
    ['value', 'number'],
  ],
};

function schemaFor(
  tags: string[],
  category: DataCategory,
  sensitivity: Sensitivity,
): SchemaField[] {
  const set = fieldSets[tags.find((tag) => tag in fieldSets) ?? 'default'] ?? [];
  const fields: SchemaField[] = set.map(([name, type]) => ({
    name,
    type,
    personalData: false,
    classification: sensitivity === 'public' ? 'public' : 'internal',
  }));
  if (category.personalData) {
    fields.push({
      name: 'subject_pseudonym',
      type: 'string',
      personalData: true,
      classification: sensitivity,
    });
  }
  return fields;
}

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A full draft from a demo row, filed under the charter's categories and within its rules. */
function draftFromRow(
  charter: CharterContent,
  row: (typeof demoRows)[number],
  holder: string,
  identifier = row[0],
): DatasetDraft {
  const [, title, sensitivity, steward, formats, tags, description, status] = row;
  const categoryId = categoryFor(sensitivity, tags);
  const category = charter.categories.find((c) => c.id === categoryId);
  if (!category) throw new Error(`The demo charter has no category ${categoryId}`);
  const cadence = cadenceFor(category, tags, title);
  const realtime = cadence.kind === 'realtime';
  // Keep a year unless the category allows less.
  const retention = isoDurationDays(category.retention) < 365 ? category.retention : 'P2Y';
  return {
    identifier,
    title,
    description,
    category: categoryId,
    holder,
    sensitivity,
    status: status ?? 'active',
    steward,
    cadence,
    retention:
      isoDurationDays(retention) <= isoDurationDays(category.retention)
        ? retention
        : category.retention,
    distributions: [
      realtime
        ? {
            kind: 'api',
            url: `https://api.metro-mobility.example/v1/${identifier}`,
            format: formats[0] ?? 'JSON',
          }
        : {
            kind: 'file',
            url: `https://data.metro-mobility.example/${identifier}.${(formats[0] ?? 'csv').toLowerCase()}`,
            format: formats[0] ?? 'CSV',
          },
    ],
    schemaFields: schemaFor(tags, category, sensitivity),
    pushers: [holder],
    formats,
    tags,
  };
}

/** The 40 hand-written datasets of the partnership, held by its member organisations. */
export function demoDatasets(charter: CharterContent): DatasetDraft[] {
  return demoRows.map((row, index) =>
    draftFromRow(charter, row, holders[index % holders.length] ?? demoOrganisation),
  );
}

/**
 * `count` more datasets: each hand-written one again as published by another holder (a
 * municipality's own parking occupancy, a second operator's timetable), which is what a
 * regional catalog of a few hundred to ten thousand entries really looks like.
 */
export function generatedDemoDatasets(charter: CharterContent, count: number): DatasetDraft[] {
  const drafts: DatasetDraft[] = [];
  for (let i = 0; drafts.length < count; i += 1) {
    const row = demoRows[i % demoRows.length];
    if (!row) break;
    const round = Math.floor(i / demoRows.length);
    const holder = holders[(i + round) % holders.length] ?? demoOrganisation;
    const suffix = `${slugOf(holder)}-${String(round + 1)}`;
    const draft = draftFromRow(charter, row, holder, `${row[0]}-${suffix}`.slice(0, 64));
    drafts.push({
      ...draft,
      title: `${row[1]} — ${holder}${round >= holders.length ? ` (${String(round + 1)})` : ''}`,
    });
  }
  return drafts;
}
