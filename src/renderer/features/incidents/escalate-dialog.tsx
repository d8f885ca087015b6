import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import {
  incidentEscalationSchema,
  type IncidentRecord,
  incidentSeverities,
  incidentSeverityLabels,
  severityRank,
} from '../../../shared/domain/incident';
import { toRpcError, type RpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormField } from '../../ui/form-field';
import { FormDialogActions, Modal } from '../../ui/modal';
import { SelectOptions } from '../../ui/select-options';
import { applyServerIssues } from '../../ui/server-errors';
import { useLoader } from '../../ui/use-loader';

/** The severity is always sent: the form starts at the current one. */
const escalateFormSchema = incidentEscalationSchema.required({ severity: true });
type EscalateForm = z.infer<typeof escalateFormSchema>;
const formFields = escalateFormSchema.keyof().options;

interface EscalateDialogProps {
  incident: IncidentRecord;
  onEscalated: (incident: IncidentRecord) => void;
  onClose: () => void;
}

/**
 * Escalates to someone (a member of this node, offered as suggestions, or anyone else named),
 * with a note and possibly a higher severity: lower ones are not offered, main refuses them.
 */
export function EscalateDialog({ incident, onEscalated, onClose }: EscalateDialogProps) {
  const client = useClient();
  const titleId = useId();
  const membersId = useId();
  const [refusal, setRefusal] = useState<{ error: RpcError; unplaced: RpcError['issues'] } | null>(
    null,
  );
  const loadMembers = useCallback(() => client.call('members.list', {}), [client]);
  const [members] = useLoader(loadMembers);
  const severities = incidentSeverities.filter(
    (severity) => severityRank(severity) >= severityRank(incident.severity),
  );
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.input<typeof escalateFormSchema>, unknown, EscalateForm>({
    resolver: zodResolver(escalateFormSchema),
    defaultValues: { to: '', note: '', severity: incident.severity },
  });

  async function escalate(form: EscalateForm): Promise<void> {
    setRefusal(null);
    try {
      onEscalated(
        await client.call('incidents.escalate', {
          id: incident.id,
          expectedVersion: incident.version,
          ...form,
        }),
      );
      onClose();
    } catch (caught) {
      const error = toRpcError(caught);
      const unplaced = applyServerIssues(error, formFields, (field, message) => {
        setError(field, { type: 'server', message });
      });
      setRefusal({ error, unplaced });
    }
  }

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="incident-dialog">
      <form
        noValidate
        data-testid="incident-escalate-form"
        onSubmit={(event) => void handleSubmit(escalate)(event)}
      >
        <h2 id={titleId} className="dialog-title">
          {incident.status === 'escalated' ? 'Escalate further' : 'Escalate this incident'}
        </h2>
        <p className="dialog-message">
          “{incident.title}”.{' '}
          {incident.escalated ? `Last escalated to ${incident.escalated.to}. ` : ''}
          The severity can be raised, not lowered.
        </p>
        <FormField
          label="Escalate to"
          error={errors.to?.message}
          hint="A member, or anyone else by name or role."
        >
          {(control) => (
            <input
              {...control}
              {...register('to')}
              className="input"
              list={membersId}
              maxLength={120}
              autoComplete="off"
              data-testid="incident-escalate-to"
              data-autofocus
            />
          )}
        </FormField>
        <datalist id={membersId}>
          {members.status === 'ready'
            ? members.value.members
                .filter((member) => member.active)
                .map((member) => <option key={member.id} value={member.name} />)
            : null}
        </datalist>
        <FormField label="Severity" error={errors.severity?.message}>
          {(control) => (
            <select
              {...control}
              {...register('severity')}
              className="input"
              data-testid="incident-escalate-severity"
            >
              <SelectOptions values={severities} labels={incidentSeverityLabels} />
            </select>
          )}
        </FormField>
        <FormField label="Why" error={errors.note?.message}>
          {(control) => (
            <textarea
              {...control}
              {...register('note')}
              className="input"
              rows={4}
              maxLength={2000}
              data-testid="incident-escalate-note"
            />
          )}
        </FormField>
        {refusal ? (
          <RefusalBanner
            title="The incident was not escalated"
            error={refusal.error}
            issues={refusal.unplaced ?? []}
          />
        ) : null}
        <FormDialogActions
          submitLabel="Escalate"
          busyLabel="Escalating…"
          busy={isSubmitting}
          submitTestId="incident-escalate-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
