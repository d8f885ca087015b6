import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { charterContentSchema, type CharterContent } from '../../../shared/domain/charter';
import type { CharterSection } from '../../../shared/domain/charter-diff-schema';
import type { CharterVersionDetail } from '../../../shared/domain/charter-remediation';
import type {
  CharterOverview,
  CharterStatus,
  CharterVersion,
} from '../../../shared/domain/charter-version';
import { toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { Banner } from '../../ui/banner';
import { formatDateTime } from '../../ui/format';
import { useToast } from '../../ui/toast';
import { useWindowKeyDown } from '../../ui/use-shortcut';
import { UnsavedChangesDialog } from '../../ui/use-unsaved-changes';
import { CharterEditor } from './charter-editor';
import { CharterErrorBanner } from './charter-error-banner';
import type { CharterContentInput } from './charter-form';
import {
  charterActions,
  editBlocker,
  type CharterActionId,
  type CharterActor,
} from './charter-permissions';
import { categoryIndexOfPath, charterSections, sectionOfPath } from './charter-sections';
import { focusLater } from './focus-later';
import { collectIssues, type FormIssue } from './form-errors';
import { IdLockProvider } from './id-lock';
import { LifecycleDialogs, type LifecycleDialog } from './lifecycle-dialogs';
import { actionVerbs, useLifecycle } from './use-lifecycle';
import { useCharterUnsaved } from './use-charter-unsaved';
import { VersionActions } from './version-actions';
import { VersionHeader } from './version-header';

/** The server state the form is based on: what a save's expectedRevision refers to. */
interface Adopted {
  revision: number;
  status: CharterStatus;
  content: CharterContentInput;
  /** Taken from main, so the form must be reset to it; false after a save (already there). */
  reset: boolean;
}

function adoptedOf(version: CharterVersion): Adopted {
  return {
    revision: version.revision,
    status: version.status,
    content: version.content,
    reset: true,
  };
}

/** Main holds something newer than the form: a later save, or the same revision moved on. */
function isNewer(latest: CharterVersion, adopted: Adopted): boolean {
  return (
    latest.revision > adopted.revision ||
    (latest.revision === adopted.revision && latest.status !== adopted.status)
  );
}

const statusNotes: Partial<Record<CharterStatus, string>> = {
  in_review:
    'In review: the content is frozen while the leads review it. Return it to draft to change it.',
  approved: 'Approved: publish it to make it binding, or return it to draft to change it.',
  published:
    'Published: this version binds the partners and can never change. Start a new draft from it to propose changes.',
  superseded: 'Superseded by a later publication; kept as the record of what applied before.',
};

interface CharterVersionViewProps {
  latest: CharterVersionDetail;
  overview: CharterOverview;
  actor: CharterActor;
  workspaceReadOnly: boolean;
  onChanged: () => void;
}

/** One charter version: its header and actions, and the editor (read-only unless a draft). */
export function CharterVersionView({
  latest,
  overview,
  actor,
  workspaceReadOnly,
  onChanged,
}: CharterVersionViewProps) {
  const client = useClient();
  const toast = useToast();
  const [adopted, setAdopted] = useState(() => adoptedOf(latest));
  const [section, setSection] = useState<CharterSection>('general');
  const [category, setCategory] = useState(0);
  const [dialog, setDialog] = useState<LifecycleDialog | null>(null);
  const [showProblems, setShowProblems] = useState(false);
  const form = useForm<CharterContentInput, unknown, CharterContent>({
    resolver: zodResolver(charterContentSchema),
    defaultValues: adopted.content,
    mode: 'onChange',
    // Fields of hidden sections are not mounted; goToProblem() opens the right one instead.
    shouldFocusError: false,
  });
  const { isDirty, isSubmitting, errors } = form.formState;

  // Follow main unless that would throw away edits; a draft changed elsewhere while this
  // form holds edits keeps them, and saving them is refused as a CONFLICT.
  if (isNewer(latest, adopted) && (!isDirty || latest.status !== 'draft')) {
    setAdopted(adoptedOf(latest));
  }
  const changedElsewhere = isNewer(latest, adopted);
  const blocked = editBlocker(actor, workspaceReadOnly);
  const editable = latest.status === 'draft' && blocked === null;
  const dirty = editable && isDirty;

  const { blocker, allowNavigation } = useCharterUnsaved(dirty);
  const lifecycle = useLifecycle({
    version: latest,
    overview,
    onChanged,
    beforeLeave: allowNavigation,
  });

  // Validate the whole charter on every change: cross-field rules put their messages on
  // fields the user did not touch (a category's level for a tier when a level is removed).
  const { subscribe, trigger, reset } = form;
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: () => {
          void trigger();
        },
      }),
    [subscribe, trigger],
  );
  useEffect(() => {
    if (adopted.reset) reset(adopted.content);
    void trigger();
  }, [adopted, reset, trigger]);

  function goToProblem(issues: readonly FormIssue[]): void {
    const first = [...issues].sort(
      (a, b) =>
        charterSections.indexOf(sectionOfPath(a.path)) -
        charterSections.indexOf(sectionOfPath(b.path)),
    )[0];
    if (!first) return;
    setSection(sectionOfPath(first.path));
    const index = categoryIndexOfPath(first.path);
    if (index !== null) setCategory(index);
    focusLater('.charter-section [aria-invalid="true"]', '.charter-section-title');
  }

  const save = form.handleSubmit(
    async (content) => {
      lifecycle.reportFailure(null);
      // Decided on the values handleSubmit read just now, not on the last render's isDirty:
      // Ctrl+S can come before the render that follows the last keystroke.
      if (JSON.stringify(content) === JSON.stringify(adopted.content)) {
        toast('Nothing to save: no changes since the last save.', 'info');
        return;
      }
      try {
        const summary = await client.call('charter.saveDraft', {
          version: latest.version,
          expectedRevision: adopted.revision,
          content,
        });
        // Moving only the defaults keeps field arrays' keys, so the field being edited keeps
        // its focus after Ctrl+S; a full reset is needed when saving trimmed something.
        const exact = JSON.stringify(form.getValues()) === JSON.stringify(content);
        form.reset(content, exact ? { keepValues: true, keepFieldsRef: true } : undefined);
        setAdopted({
          revision: summary.revision,
          status: summary.status,
          content,
          reset: false,
        });
        setShowProblems(false);
        toast(`Version ${String(latest.version)} saved.`);
        onChanged();
      } catch (caught) {
        const error = toRpcError(caught);
        const unplaced = (error.issues ?? []).filter((issue) => {
          if (!issue.path.startsWith('content.')) return true;
          form.setError(issue.path.slice('content.'.length) as 'title', {
            type: 'server',
            message: issue.message,
          });
          return false;
        });
        lifecycle.reportFailure({ action: 'save', error, issues: unplaced });
        if (error.code === 'CONFLICT' || error.code === 'CHARTER_LOCKED') onChanged();
      }
    },
    (invalid) => {
      setShowProblems(true);
      goToProblem(collectIssues(invalid));
    },
  );

  useWindowKeyDown((event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 's') {
      return;
    }
    // Also keeps the browser from offering to save the page.
    event.preventDefault();
    if (!editable || isSubmitting || document.querySelector('[aria-modal="true"]')) return;
    void save();
  });

  function onAction(id: CharterActionId): void {
    switch (id) {
      case 'save':
        void save();
        return;
      case 'submit':
        void lifecycle.submit();
        return;
      case 'newDraft':
        void lifecycle.newDraft();
        return;
      case 'exportOdrl':
        void lifecycle.exportOdrl();
        return;
      case 'approve':
      case 'return':
      case 'publish':
      case 'discard':
        setDialog(id);
        return;
    }
  }

  const actions = charterActions({
    version: latest,
    overview,
    actor,
    workspaceReadOnly,
    dirty,
  });
  const problems = collectIssues(errors);
  const n = String(latest.version);
  const superseded = lifecycle.supersededByPublish;
  const openElsewhere =
    overview.openVersion !== null && overview.openVersion !== latest.version
      ? overview.openVersion
      : null;

  return (
    <FormProvider {...form}>
      <div className="charter-version" data-testid="charter-version" data-status={latest.status}>
        <div className="charter-version-bar">
          <VersionHeader
            version={latest}
            governing={overview.governingVersion === latest.version}
            approvalRecord={latest.approvalRecord}
          />
          <VersionActions
            version={latest}
            actions={actions}
            busy={isSubmitting ? 'save' : lifecycle.busy}
            dirty={dirty}
            onAction={onAction}
          />
        </div>

        {lifecycle.failure ? (
          <CharterErrorBanner
            error={lifecycle.failure.error}
            action={actionVerbs[lifecycle.failure.action]}
            issues={lifecycle.failure.issues}
            onReload={
              changedElsewhere
                ? () => {
                    setAdopted(adoptedOf(latest));
                    lifecycle.reportFailure(null);
                  }
                : onChanged
            }
            onDismiss={() => {
              lifecycle.reportFailure(null);
            }}
          />
        ) : null}
        {changedElsewhere && !lifecycle.failure ? (
          <Banner
            title={`Version ${n} was changed elsewhere`}
            tone="warning"
            action={
              <button
                type="button"
                className="button"
                onClick={() => {
                  setAdopted(adoptedOf(latest));
                }}
              >
                Load the latest version
              </button>
            }
          >
            Revision {latest.revision} was saved after you started editing. Saving your changes
            would be refused; loading the latest version discards them.
          </Banner>
        ) : null}
        {showProblems && problems.length > 0 ? (
          <Banner title="The draft was not saved" tone="danger">
            {problems.length === 1
              ? 'One field needs attention.'
              : `${String(problems.length)} fields need attention.`}{' '}
            The sections marked in the list show where.
          </Banner>
        ) : null}
        {latest.status === 'published' && superseded !== null ? (
          <Banner
            title={`Version ${n} is published`}
            tone="info"
            action={
              <Link className="button" to={`/charter/compare?from=${String(superseded)}&to=${n}`}>
                Compare with version {superseded}
              </Link>
            }
          >
            It is binding from now on and supersedes version {superseded}.
          </Banner>
        ) : null}
        {latest.status === 'draft' && latest.returned ? (
          <Banner title={`Returned to draft by ${latest.returned.by}`} tone="warning">
            <time dateTime={latest.returned.at}>{formatDateTime(latest.returned.at)}</time>:{' '}
            {latest.returned.reason}
          </Banner>
        ) : null}
        {latest.status === 'draft' && blocked !== null ? (
          <Banner title="You can read this draft but not change it" tone="info">
            {blocked}
          </Banner>
        ) : null}
        {statusNotes[latest.status] ? (
          <p className="charter-status-note">
            {statusNotes[latest.status]}
            {openElsewhere !== null ? (
              <>
                {' '}
                <Link to={`/charter?version=${String(openElsewhere)}`}>
                  Version {openElsewhere} is being worked on.
                </Link>
              </>
            ) : null}
          </p>
        ) : null}

        <IdLockProvider saved={adopted.content}>
          <form
            noValidate
            aria-label={`Charter version ${n}`}
            onSubmit={(event) => {
              void save(event);
            }}
          >
            <CharterEditor
              readOnly={!editable}
              section={section}
              onSectionChange={setSection}
              category={category}
              onCategoryChange={setCategory}
            />
          </form>
        </IdLockProvider>
      </div>
      <LifecycleDialogs
        open={dialog}
        version={latest}
        content={latest.content}
        governingVersion={overview.governingVersion}
        dirty={dirty}
        onClose={() => {
          setDialog(null);
        }}
        onPublish={() => void lifecycle.publish()}
        onDiscard={() => void lifecycle.discard()}
        onApprove={lifecycle.approve}
        onReturn={lifecycle.returnToDraft}
      />
      <UnsavedChangesDialog blocker={blocker} />
    </FormProvider>
  );
}
