import type { CharterDiff } from '../../../shared/domain/charter-diff-schema';
import type { CharterVersionImpact } from '../../../shared/domain/charter-impact';
import {
  type CharterVersionDetail,
  type GrantRemediation,
  groupRemediations,
} from '../../../shared/domain/charter-remediation';
import type {
  CharterOverview,
  CharterVersionSummary,
} from '../../../shared/domain/charter-version';
import type { Role } from '../../../shared/domain/roles';
import type { ErrorInfo, Result } from '../../../shared/errors';
import { makeCharterVersion, templateContent } from '../../test/charter-fixture';
import { ok, openStatus, type FakeTransport } from '../../test/fake-transport';

const noImpact: Omit<CharterVersionImpact, 'version'> = {
  governingVersion: 1,
  outOfBounds: [],
  newlyAllowed: [],
  unchanged: 0,
};

function fail(code: ErrorInfo['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function summaryOf(version: CharterVersionDetail): CharterVersionSummary {
  const { content: _content, approvalRecord: _record, ...summary } = version;
  return summary;
}

interface Step {
  version: number;
  expectedRevision: number;
}

export const ada = { id: 'member-ada', name: 'Ada Lovelace', roles: ['lead', 'steward'] as Role[] };
export const grace = { id: 'member-grace', name: 'Grace Hopper', roles: ['lead'] as Role[] };
export const alan = { id: 'member-alan', name: 'Alan Turing', roles: ['auditor'] as Role[] };

/** Version 1, published from the template, authored by Ada. */
export function publishedV1(): CharterVersionDetail {
  return makeCharterVersion();
}

/** Version 2, a draft Ada started from version 1. */
export function draftV2(overrides: Partial<CharterVersionDetail> = {}): CharterVersionDetail {
  return makeCharterVersion({
    id: 'charter-v2',
    version: 2,
    status: 'draft',
    basedOn: 1,
    revision: 4,
    created: { by: ada.name, at: '2025-03-01T09:00:00.000Z' },
    editors: [ada.name],
    submitted: null,
    approved: null,
    published: null,
    ...overrides,
  });
}

/**
 * An in-memory charter for screen tests: the charter channels over a list of versions, with
 * main's lifecycle rules (stale revisions, locked versions, the separate approver).
 */
export class FakeCharterBackend {
  versions: CharterVersionDetail[];
  leads: string[];
  diff: CharterDiff | null = null;
  /** What `charter.impact` answers; null: no grant is affected. Approval checks it too. */
  impact: CharterVersionImpact | null = null;
  private clock = Date.parse('2026-02-01T09:00:00.000Z');

  constructor(
    private readonly transport: FakeTransport,
    options: { versions?: CharterVersionDetail[]; leads?: string[]; actor?: typeof ada } = {},
  ) {
    this.versions = options.versions ?? [publishedV1(), draftV2()];
    this.leads = options.leads ?? [ada.name, grace.name];
    this.actAs(options.actor ?? ada);
    transport.respond('charter.overview', () => ok(this.overview()));
    transport.respond('charter.get', (input) => {
      const found = this.find((input as { version: number }).version);
      return found ? ok(found) : fail('NOT_FOUND', 'No such version.');
    });
    transport.respond('charter.createDraft', (input) =>
      this.createDraft((input as { basedOn: number }).basedOn),
    );
    transport.respond('charter.saveDraft', (input) =>
      this.save(input as Step & { content: CharterVersionDetail['content'] }),
    );
    transport.respond('charter.submit', (input) =>
      this.step(input as Step, ['draft'], (version) => ({
        ...version,
        status: 'in_review',
        submitted: this.stamp(),
        returned: null,
      })),
    );
    transport.respond('charter.return', (input) =>
      this.step(input as Step, ['in_review', 'approved'], (version) => ({
        ...version,
        status: 'draft',
        submitted: null,
        approved: null,
        returned: { ...this.stamp(), reason: (input as { reason: string }).reason },
      })),
    );
    transport.respond('charter.impact', (input) => {
      const { version } = input as { version: number };
      if (!this.find(version)) return fail('NOT_FOUND', 'No such version.');
      return ok(this.impact ?? { ...noImpact, version });
    });
    transport.respond('charter.approve', (input) => {
      const { note, remediations } = input as Step & {
        note: string;
        remediations: GrantRemediation[];
      };
      const found = this.find((input as Step).version);
      const actor = this.actorName();
      if (
        found &&
        this.leads.length > 1 &&
        (found.created.by === actor || found.editors.includes(actor))
      ) {
        return fail('FORBIDDEN_ROLE', 'A lead who did not write this version must approve it.');
      }
      const outOfBounds = this.impact?.outOfBounds ?? [];
      const missing = outOfBounds.filter(
        (item) => !remediations.some((remediation) => remediation.grantId === item.grantId),
      );
      if (missing.length > 0 || remediations.length !== outOfBounds.length) {
        return fail(
          'REMEDIATION_REQUIRED',
          `Version ${String(found?.version)} puts ${String(missing.length)} grants out of bounds without a remediation.`,
        );
      }
      return this.step(input as Step, ['in_review'], (version) => ({
        ...version,
        status: 'approved',
        approved: { ...this.stamp(), note },
        approvalRecord: {
          governingVersion: this.impact?.governingVersion ?? null,
          outOfBounds: outOfBounds.length,
          newlyAllowed: this.impact?.newlyAllowed.length ?? 0,
          unchanged: this.impact?.unchanged ?? 0,
          remediations: groupRemediations(remediations),
        },
      }));
    });
    transport.respond('charter.publish', (input) => {
      const at = this.stamp().at;
      const result = this.step(input as Step, ['approved'], (version) => ({
        ...version,
        status: 'published',
        published: { by: this.actorName(), at },
      }));
      if (result.ok) {
        this.versions = this.versions.map((version) =>
          version.status === 'published' && version.version !== (input as Step).version
            ? { ...version, status: 'superseded', supersededAt: at }
            : version,
        );
      }
      return result;
    });
    transport.respond('charter.discard', (input) => {
      const { version } = input as Step;
      this.versions = this.versions.filter((existing) => existing.version !== version);
      return ok({ discarded: version });
    });
    transport.respond('charter.diff', (input) => {
      const { from, to } = input as { from: number; to: number };
      return ok(this.diff ?? { from, to, sections: [], changeCount: 0 });
    });
    transport.respond('charter.exportOdrl', (input) => {
      const { version } = input as { version: number };
      return ok({
        fileName: `charter-v${String(version)}.odrl.jsonld`,
        content: '{"@context":"http://www.w3.org/ns/odrl.jsonld"}',
      });
    });
  }

  /** Who the workspace status says is acting (the app header shows the same). */
  actAs(member: typeof ada): void {
    const status = openStatus();
    if (status.state === 'open') status.actor = member;
    this.transport.status = status;
  }

  find(version: number): CharterVersionDetail | undefined {
    return this.versions.find((existing) => existing.version === version);
  }

  overview(): CharterOverview {
    return {
      versions: [...this.versions].sort((a, b) => b.version - a.version).map(summaryOf),
      governingVersion: this.versions.find((v) => v.status === 'published')?.version ?? null,
      openVersion:
        this.versions.find((v) => ['draft', 'in_review', 'approved'].includes(v.status))?.version ??
        null,
      leads: this.leads,
      separateApprover: this.leads.length > 1,
    };
  }

  private actorName(): string {
    return this.transport.status.state === 'open' ? this.transport.status.actor.name : '';
  }

  private stamp() {
    this.clock += 60_000;
    return { by: this.actorName(), at: new Date(this.clock).toISOString() };
  }

  private replace(next: CharterVersionDetail): void {
    this.versions = this.versions.map((version) =>
      version.version === next.version ? next : version,
    );
  }

  private createDraft(basedOn: number): Result<CharterVersionDetail> {
    const base = this.find(basedOn);
    if (!base) return fail('NOT_FOUND', 'No such version.');
    if (this.overview().openVersion !== null) return fail('CONFLICT', 'A version is open.');
    const created = this.stamp();
    const version: CharterVersionDetail = {
      ...base,
      id: `charter-v${String(this.versions.length + 1)}`,
      version: Math.max(...this.versions.map((v) => v.version)) + 1,
      status: 'draft',
      basedOn,
      revision: 1,
      created,
      editors: [created.by],
      submitted: null,
      approved: null,
      published: null,
      supersededAt: null,
      returned: null,
    };
    this.versions.push(version);
    return ok(version);
  }

  private save(input: Step & { content: CharterVersionDetail['content'] }) {
    const found = this.find(input.version);
    if (!found) return fail('NOT_FOUND', 'No such version.');
    if (found.status !== 'draft') return fail('CHARTER_LOCKED', 'Only a draft can change.');
    if (found.revision !== input.expectedRevision) {
      return fail('CONFLICT', 'The draft was saved by someone else.');
    }
    const actor = this.actorName();
    const saved: CharterVersionDetail = {
      ...found,
      content: input.content,
      title: input.content.title,
      revision: found.revision + 1,
      editors: found.editors.includes(actor) ? found.editors : [...found.editors, actor],
    };
    this.replace(saved);
    return ok(summaryOf(saved));
  }

  private step(
    input: Step,
    from: readonly CharterVersionDetail['status'][],
    change: (version: CharterVersionDetail) => CharterVersionDetail,
  ): Result<CharterVersionSummary> {
    const found = this.find(input.version);
    if (!found) return fail('NOT_FOUND', 'No such version.');
    if (found.revision !== input.expectedRevision || !from.includes(found.status)) {
      return fail('CONFLICT', 'The version moved on.');
    }
    const next = change(found);
    this.replace(next);
    return ok(summaryOf(next));
  }
}

export { templateContent };
