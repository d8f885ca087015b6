import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import type { DatasetRow } from '../../../shared/domain/dataset';
import {
  incidentDraftSchema,
  type IncidentDraftInput,
  type IncidentRecord,
  incidentSeverityLabels,
  incidentSeveritySchema,
  incidentSubjectKindLabels,
  incidentSubjectKindSchema,
} from '../../../shared/domain/incident';
import { RpcError, toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormField } from '../../ui/form-field';
import { FormDialogActions, Modal } from '../../ui/modal';
import { SelectOptions } from '../../ui/select-options';
import { applyServerIssues } from '../../ui/server-errors';
import { useLoader } from '../../ui/use-loader';
import { DatasetPicker } from '../access/dataset-picker';

/**
 * The form's own shape: the subject as two fields (a kind and the reference the kind asks for)
 * and the reporter as text that may stay blank. It maps onto incidentDraftSchema, the schema
 * main parses with, so both refuse the same things.
 */
const recordFormSchema = z.strictObject({
  subjectKind: incidentSubjectKindSchema,
  subjectRef: z.string().trim().min(1, 'Choose what the incident is about'),
  severity: incidentSeveritySchema,
  title: incidentDraftSchema.shape.title,
  description: incidentDraftSchema.shape.description,
  reporter: z.string().trim().max(120, 'At most 120 characters'),
});
type RecordForm = z.infer<typeof recordFormSchema>;
type RecordFormInput = z.input<typeof recordFormSchema>;
const formFields = recordFormSchema.keyof().options;

function toDraft(form: RecordForm): IncidentDraftInput {
  return {
    subject: { kind: form.subjectKind, ref: form.subjectRef },
    severity: form.severity,
    title: form.title,
    description: form.description,
    ...(form.reporter === '' ? {} : { reporter: form.reporter }),
  };
}

/** A server issue's path (`subject.ref`) as the form field that shows it. */
function formPath(path: string): string {
  if (path.startsWith('subject.ref')) return 'subjectRef';
  if (path.startsWith('subject.kind')) return 'subjectKind';
  return path;
}

interface RecordIncidentDialogProps {
  /** The member at the keyboard: the reporter when none is named. */
  actorName: string;
  onRecorded: (incident: IncidentRecord) => void;
  onClose: () => void;
}

/** Records an incident against a partner, a dataset or one grant. */
export function RecordIncidentDialog({
  actorName,
  onRecorded,
  onClose,
}: RecordIncidentDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [refusal, setRefusal] = useState<{ error: RpcError; unplaced: RpcError['issues'] } | null>(
    null,
  );
  const [dataset, setDataset] = useState<DatasetRow | null>(null);
  const loadPrincipals = useCallback(() => client.call('access.principals', {}), [client]);
  const [principals] = useLoader(loadPrincipals);
  const organisations = useMemo(
    () =>
      principals.status === 'ready'
        ? [...new Set(principals.value.map((principal) => principal.organisation))].sort((a, b) =>
            a.localeCompare(b),
          )
        : [],
    [principals],
  );
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control: formControl,
    formState: { errors, isSubmitting },
  } = useForm<RecordFormInput, unknown, RecordForm>({
    resolver: zodResolver(recordFormSchema),
    defaultValues: {
      subjectKind: 'partner',
      subjectRef: '',
      severity: 'medium',
      title: '',
      description: '',
      reporter: '',
    },
  });
  const subjectKind = useWatch({ control: formControl, name: 'subjectKind' });

  async function record(form: RecordForm): Promise<void> {
    setRefusal(null);
    try {
      const incident = await client.call('incidents.record', toDraft(form));
      onRecorded(incident);
      onClose();
    } catch (caught) {
      const error = toRpcError(caught);
      const issues = (error.issues ?? []).map((issue) => ({
        ...issue,
        path: formPath(issue.path),
      }));
      const unplaced = applyServerIssues(
        new RpcError(error.code, error.message, issues),
        formFields,
        (field, message) => {
          setError(field, { type: 'server', message });
        },
      );
      setRefusal({ error, unplaced });
    }
  }

  const subjectField = register('subjectRef');
  return (
    <Modal labelledBy={titleId} onClose={onClose} className="incident-dialog">
      <form
        noValidate
        data-testid="incident-record-form"
        onSubmit={(event) => void handleSubmit(record)(event)}
      >
        <h2 id={titleId} className="dialog-title">
          Record an incident
        </h2>
        <div className="incident-dialog-grid">
          <FormField label="About" error={errors.subjectKind?.message}>
            {(control) => (
              <select
                {...control}
                {...register('subjectKind', {
                  onChange: () => {
                    setValue('subjectRef', '');
                    setDataset(null);
                  },
                })}
                className="input"
                data-testid="incident-subject-kind"
                data-autofocus
              >
                <SelectOptions
                  values={incidentSubjectKindSchema.options}
                  labels={incidentSubjectKindLabels}
                />
              </select>
            )}
          </FormField>
          {subjectKind === 'partner' ? (
            <FormField
              label="Partner"
              error={errors.subjectRef?.message}
              hint={
                organisations.length === 0 && principals.status === 'ready'
                  ? 'No principals are recorded yet; add the partner’s roles on the Access screen first.'
                  : 'The organisation, as its principals carry it.'
              }
            >
              {(control) => (
                <select
                  {...control}
                  {...subjectField}
                  className="input"
                  data-testid="incident-partner"
                >
                  <option value="">Choose a partner…</option>
                  {organisations.map((organisation) => (
                    <option key={organisation} value={organisation}>
                      {organisation}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          ) : subjectKind === 'dataset' ? (
            <div className={errors.subjectRef ? 'field field-invalid' : 'field'}>
              <span className="field-label">Dataset</span>
              <DatasetPicker
                value={dataset}
                onChange={(picked) => {
                  setDataset(picked);
                  setValue('subjectRef', picked?.id ?? '', { shouldValidate: picked !== null });
                }}
              />
              {errors.subjectRef?.message ? (
                <p className="field-error" role="alert">
                  {errors.subjectRef.message}
                </p>
              ) : null}
            </div>
          ) : (
            <FormField
              label="Grant id"
              error={errors.subjectRef?.message}
              hint="As the grants table and its explain panel show it."
            >
              {(control) => (
                <input
                  {...control}
                  {...subjectField}
                  className="input input-mono"
                  autoComplete="off"
                  data-testid="incident-grant"
                />
              )}
            </FormField>
          )}
          <FormField label="Severity" error={errors.severity?.message}>
            {(control) => (
              <select
                {...control}
                {...register('severity')}
                className="input"
                data-testid="incident-severity"
              >
                <SelectOptions
                  values={incidentSeveritySchema.options}
                  labels={incidentSeverityLabels}
                />
              </select>
            )}
          </FormField>
          <FormField
            label="Reporter"
            optional
            error={errors.reporter?.message}
            hint={`Blank: ${actorName}.`}
          >
            {(control) => (
              <input
                {...control}
                {...register('reporter')}
                className="input"
                maxLength={120}
                data-testid="incident-reporter"
              />
            )}
          </FormField>
        </div>
        <FormField label="Title" error={errors.title?.message}>
          {(control) => (
            <input
              {...control}
              {...register('title')}
              className="input"
              maxLength={200}
              data-testid="incident-title"
            />
          )}
        </FormField>
        <FormField label="What happened" error={errors.description?.message}>
          {(control) => (
            <textarea
              {...control}
              {...register('description')}
              className="input"
              rows={5}
              maxLength={4000}
              data-testid="incident-description"
            />
          )}
        </FormField>
        {refusal ? (
          <RefusalBanner
            title="The incident was not recorded"
            error={refusal.error}
            issues={refusal.unplaced ?? []}
          />
        ) : null}
        <FormDialogActions
          submitLabel="Record incident"
          busyLabel="Recording…"
          busy={isSubmitting}
          submitTestId="incident-record-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
