import { useState } from 'react';
import { useNavigate } from 'react-router';
import type {
  CharterOverview,
  CharterVersionSummary,
} from '../../../shared/domain/charter-version';
import type { GrantRemediationInput } from '../../../shared/domain/charter-remediation';
import type { InputIssue } from '../../../shared/errors';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { saveTextFile } from '../../ui/save-file';
import { useToast } from '../../ui/toast';
import type { CharterActionId } from './charter-permissions';

export interface StepFailure {
  action: CharterActionId;
  error: RpcError;
  /** Issues no field could show. */
  issues: InputIssue[];
}

export const actionVerbs: Record<CharterActionId, string> = {
  save: 'save the draft',
  submit: 'submit the version for review',
  return: 'return the version to draft',
  approve: 'approve the version',
  publish: 'publish the version',
  discard: 'discard the draft',
  newDraft: 'start a new draft',
  exportOdrl: 'export the ODRL policy',
};

interface LifecycleOptions {
  version: CharterVersionSummary;
  overview: CharterOverview;
  /** Something changed in main: refetch the overview and the version. */
  onChanged: () => void;
  /** Before navigating away from a discarded draft, so the unsaved-changes guard lets it go. */
  beforeLeave: () => void;
}

/** Runs the lifecycle steps against main and keeps what the screen shows about them. */
export function useLifecycle({ version, overview, onChanged, beforeLeave }: LifecycleOptions) {
  const client = useClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<CharterActionId | null>(null);
  const [failure, setFailure] = useState<StepFailure | null>(null);
  /** The version this one superseded, once it was published from this screen. */
  const [supersededByPublish, setSupersededByPublish] = useState<number | null>(null);
  const n = String(version.version);
  // The revision the user saw: a step against anything newer is refused, not applied.
  const step = { version: version.version, expectedRevision: version.revision };

  /** Errors of dialog steps stay in the dialog (returned); the others go to the banner. */
  async function run(
    id: CharterActionId,
    call: () => Promise<unknown>,
    done: string,
    inDialog = false,
  ): Promise<RpcError | null> {
    setBusy(id);
    setFailure(null);
    try {
      await call();
      if (done) toast(done);
      return null;
    } catch (caught) {
      const error = toRpcError(caught);
      if (!inDialog) setFailure({ action: id, error, issues: [] });
      return error;
    } finally {
      setBusy(null);
      // Success changed main's state; a refusal usually means it had moved on (CONFLICT,
      // CHARTER_LOCKED). Either way, show what main holds now.
      if (id !== 'exportOdrl') onChanged();
    }
  }

  return {
    busy,
    failure,
    reportFailure: setFailure,
    supersededByPublish,
    submit: () =>
      run('submit', () => client.call('charter.submit', step), `Version ${n} was sent for review.`),
    approve: (note: string, remediations: GrantRemediationInput[]) =>
      run(
        'approve',
        () => client.call('charter.approve', { ...step, note, remediations }),
        `Version ${n} is approved.`,
        true,
      ),
    returnToDraft: (reason: string) =>
      run(
        'return',
        () => client.call('charter.return', { ...step, reason }),
        `Version ${n} is back in draft.`,
        true,
      ),
    publish: async () => {
      const superseded = overview.governingVersion;
      const error = await run(
        'publish',
        () => client.call('charter.publish', step),
        `Version ${n} is published and binding.`,
      );
      if (error === null) setSupersededByPublish(superseded);
    },
    discard: async () => {
      const error = await run(
        'discard',
        () => client.call('charter.discard', step),
        `Draft version ${n} was discarded.`,
      );
      if (error !== null) return;
      const next =
        overview.governingVersion ??
        overview.versions.find((other) => other.version !== version.version)?.version ??
        null;
      beforeLeave();
      void navigate(next === null ? '/charter' : `/charter?version=${String(next)}`);
    },
    newDraft: () =>
      run(
        'newDraft',
        async () => {
          const created = await client.call('charter.createDraft', { basedOn: version.version });
          toast(`Version ${String(created.version)} started from version ${n}.`);
          await navigate(`/charter?version=${String(created.version)}`);
        },
        '',
      ),
    exportOdrl: () =>
      run(
        'exportOdrl',
        async () => {
          const file = await client.call('charter.exportOdrl', { version: version.version });
          saveTextFile(file.fileName, file.content, 'application/ld+json');
          toast(`Saved ${file.fileName}.`);
        },
        '',
      ),
  };
}
