import { charterImpactOfVersion } from '../access/charter-impact-query';
import { charterApprovalRecord } from '../charter/charter-approval-record';
import {
  approveCharter,
  createCharterDraft,
  discardCharterVersion,
  publishCharter,
  returnCharter,
  saveCharterDraft,
  submitCharter,
} from '../charter/charter-commands';
import { diffCharterVersions } from '../charter/charter-diff-query';
import { charterOdrlExport } from '../charter/charter-odrl';
import {
  charterOverview,
  getCharterVersion,
  getGoverningCharter,
} from '../charter/charter-queries';
import type { WorkspaceSession } from '../workspace/workspace-session';
import type { HandlersFor } from './dispatch';

export function charterHandlers(session: WorkspaceSession): HandlersFor<'charter'> {
  /** Runs a charter command and tells the renderer which version changed. */
  const step = <T extends { id: string }>(command: () => T): T => {
    const result = command();
    session.emit({ name: 'workspace.changed', payload: { entity: 'charter', ids: [result.id] } });
    return result;
  };
  return {
    'charter.overview': () => charterOverview(session.require()),
    'charter.get': ({ version }) => {
      const ws = session.require();
      const found = getCharterVersion(ws, version);
      const approvalRecord = charterApprovalRecord(ws, found);
      return approvalRecord ? { ...found, approvalRecord } : found;
    },
    'charter.governing': () => ({ charter: getGoverningCharter(session.require()) }),
    'charter.createDraft': ({ basedOn }) =>
      step(() => createCharterDraft(session.require(), basedOn)),
    'charter.saveDraft': (change) => step(() => saveCharterDraft(session.require(), change)),
    'charter.submit': (input) => step(() => submitCharter(session.require(), input)),
    'charter.return': (input) => step(() => returnCharter(session.require(), input)),
    'charter.approve': (input) => {
      const approved = step(() => approveCharter(session.require(), input));
      // Revocations and narrowings went into the same transaction: the grants changed too.
      const touched = input.remediations
        .filter((remediation) => remediation.action !== 'accept')
        .map((remediation) => remediation.grantId);
      if (touched.length > 0) {
        session.emit({ name: 'workspace.changed', payload: { entity: 'access', ids: touched } });
      }
      return approved;
    },
    'charter.impact': ({ version }) => charterImpactOfVersion(session.require(), version),
    'charter.publish': (input) => step(() => publishCharter(session.require(), input)),
    'charter.discard': (input) => {
      const result = discardCharterVersion(session.require(), input);
      session.emit({ name: 'workspace.changed', payload: { entity: 'charter', ids: [] } });
      return result;
    },
    'charter.diff': ({ from, to }) => diffCharterVersions(session.require(), from, to),
    'charter.exportOdrl': ({ version }) => charterOdrlExport(session.require(), version),
  };
}
