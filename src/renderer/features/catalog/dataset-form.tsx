import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import {
  datasetDraftSchema,
  type DatasetDraft,
  type DatasetDraftInput,
} from '../../../shared/domain/dataset';
import type { InputIssue } from '../../../shared/errors';
import { toRpcError, type RpcError } from '../../api/client';
import { FormField } from '../../ui/form-field';
import { applyServerIssues } from '../../ui/server-errors';
import { useToast } from '../../ui/toast';
import { useWindowKeyDown } from '../../ui/use-shortcut';
import { UnsavedChangesDialog, useUnsavedChanges } from '../../ui/use-unsaved-changes';
import { ClassificationSection } from './classification-section';
import { draftFields } from './dataset-draft';
import { DeliverySection } from './delivery-section';
import { FindingsPanel } from './findings-panel';
import { FormCharterProvider } from './form-charter';
import { FormSection } from './form-section';
import { SaveErrorBanner } from './save-error-banner';
import { SchemaFieldsEditor } from './schema-fields-editor';
import { StewardshipSection } from './stewardship-section';
import { TokenListField } from './token-list-field';
import type { GoverningCharter } from './use-governing-charter';
import { useReturnPath } from './use-return-path';
import './dataset-form.css';

const isMac = /Mac|iPhone|iPad/.test(navigator.userAgent);
const saveShortcut = isMac ? '⌘S' : 'Ctrl+S';

interface DatasetFormProps {
  initial: DatasetDraft;
  /** Sends the draft to main; a rejection carries the RpcError to show. */
  save: (draft: DatasetDraft) => Promise<unknown>;
  /** Reloads the dataset after a CONFLICT (edit only). */
  onReload?: (() => void) | undefined;
  aside: ReactNode;
  /** The charter whose categories and rules apply, and how to load it again. */
  charter: GoverningCharter;
  onReloadCharter: () => void;
  /** A new dataset takes its category's defaults for what the user has not set. */
  isNew?: boolean;
  /**
   * Why the dataset cannot be changed here (another node owns it: a replica), or null. Every
   * field and Save are disabled, Save saying why.
   */
  readOnlyReason?: string | null;
}

interface SaveFailure {
  error: RpcError;
  issues: InputIssue[];
}

/** The steward's dataset editor; validated with the schema main applies to the same draft. */
export function DatasetForm({
  initial,
  save,
  onReload,
  aside,
  charter,
  onReloadCharter,
  isNew = false,
  readOnlyReason = null,
}: DatasetFormProps) {
  const navigate = useNavigate();
  const showToast = useToast();
  const returnPath = useReturnPath();
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const form = useForm<DatasetDraftInput, unknown, DatasetDraft>({
    resolver: zodResolver(datasetDraftSchema),
    defaultValues: initial,
  });
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isDirty, isSubmitting },
  } = form;
  const { blocker, allowNavigation } = useUnsavedChanges(isDirty);

  async function submit(draft: DatasetDraft): Promise<void> {
    setFailure(null);
    try {
      await save(draft);
    } catch (caught) {
      const error = toRpcError(caught);
      let focused = false;
      const issues = applyServerIssues(
        error,
        draftFields,
        (field, message) => {
          setError(field, { type: 'server', message }, { shouldFocus: !focused });
          focused = true;
        },
        'draft.',
      );
      setFailure({ error, issues });
      return;
    }
    allowNavigation();
    showToast('Dataset saved');
    void navigate(returnPath);
  }
  const onSubmit = handleSubmit(submit);

  function cancel(): void {
    void navigate(returnPath);
  }

  useWindowKeyDown((event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      // Also keeps the browser from offering to save the page.
      event.preventDefault();
      if (!isSubmitting && readOnlyReason === null) void onSubmit();
    } else if (event.key === 'Escape' && !event.defaultPrevented && blocker.state !== 'blocked') {
      cancel();
    }
  });

  return (
    <FormProvider {...form}>
      <FormCharterProvider state={charter} reload={onReloadCharter}>
        <div className="dataset-editor">
          <form
            className="dataset-form"
            data-testid="dataset-form"
            noValidate
            aria-label="Dataset"
            onSubmit={(event) => void onSubmit(event)}
          >
            {failure ? (
              <SaveErrorBanner error={failure.error} issues={failure.issues} onReload={onReload} />
            ) : null}

            <fieldset className="form-fieldset" disabled={readOnlyReason !== null}>
              <FormSection id="basics" title="Basics">
                <FormField
                  label="Identifier"
                  error={errors.identifier?.message}
                  hint="Lower-case letters, digits, dots, dashes and underscores. Partners refer to the dataset by it."
                >
                  {(field) => (
                    <input
                      {...field}
                      {...register('identifier')}
                      className="input input-mono"
                      autoComplete="off"
                      autoCapitalize="off"
                      spellCheck={false}
                    />
                  )}
                </FormField>
                <FormField label="Title" error={errors.title?.message}>
                  {(field) => <input {...field} {...register('title')} className="input" />}
                </FormField>
                <FormField
                  label="Description"
                  error={errors.description?.message}
                  hint="What the dataset holds, where it comes from and what it may be used for."
                  optional
                >
                  {(field) => (
                    <textarea {...field} {...register('description')} className="input" rows={5} />
                  )}
                </FormField>
              </FormSection>

              <ClassificationSection isNew={isNew} />
              <StewardshipSection />
              <DeliverySection />
              <SchemaFieldsEditor />

              <FormSection id="discovery" title="Discovery">
                <TokenListField
                  name="formats"
                  label="Formats"
                  hint="Press Enter or type a comma after each format."
                  itemLabel="format"
                  placeholder="csv, parquet, api…"
                />
                <TokenListField
                  name="tags"
                  label="Tags"
                  hint="Press Enter or type a comma after each tag; Backspace removes the last one."
                  itemLabel="tag"
                  placeholder="Add a tag…"
                />
              </FormSection>

              <FindingsPanel />
            </fieldset>

            <div className="form-actions">
              <p className="form-shortcuts" aria-hidden="true">
                <kbd>{saveShortcut}</kbd> save · <kbd>Esc</kbd> cancel
              </p>
              <button type="button" className="button" onClick={cancel}>
                Cancel
              </button>
              <button
                type="submit"
                className="button button-primary"
                disabled={isSubmitting || readOnlyReason !== null}
                title={readOnlyReason ?? undefined}
                aria-keyshortcuts={isMac ? 'Meta+S' : 'Control+S'}
              >
                {isSubmitting ? 'Saving…' : 'Save dataset'}
              </button>
            </div>
          </form>
          <aside className="dataset-aside">{aside}</aside>
          <UnsavedChangesDialog blocker={blocker} />
        </div>
      </FormCharterProvider>
    </FormProvider>
  );
}
