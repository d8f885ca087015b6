import template from '../../../resources/charter-template.json';
import { charterContentSchema, type CharterContent } from '../../shared/domain/charter';
import type { CharterVersion } from '../../shared/domain/charter-version';

/** The shipped template, parsed as main parses it: the charter renderer tests work against. */
export const templateContent: CharterContent = charterContentSchema.parse(template);

export function makeCharterVersion(overrides: Partial<CharterVersion> = {}): CharterVersion {
  return {
    id: 'charter-v1',
    ownerNode: 'node-7f3a9c',
    version: 1,
    status: 'published',
    title: templateContent.title,
    basedOn: null,
    revision: 3,
    created: { by: 'Ada Lovelace', at: '2025-01-10T09:00:00.000Z' },
    editors: ['Ada Lovelace'],
    submitted: { by: 'Ada Lovelace', at: '2025-01-11T09:00:00.000Z' },
    approved: { by: 'Grace Hopper', at: '2025-01-12T09:00:00.000Z', note: '' },
    published: { by: 'Ada Lovelace', at: '2025-01-12T10:00:00.000Z' },
    supersededAt: null,
    returned: null,
    content: templateContent,
    ...overrides,
  };
}
