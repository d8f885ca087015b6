import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { isoDayNumber, stepReasonSchema } from '../../../shared/domain/access';
import {
  type ReviewDecideInput,
  reviewDecisionLabels,
  reviewDecisionSchema,
  type ReviewItem,
} from '../../../shared/domain/review';
import { RpcError, toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { FormField } from '../../ui/form-field';
import { applyServerIssues } from '../../ui/server-errors';

const decideFormSchema = z
  .strictObject({
    decision: reviewDecisionSchema,
    justification: stepReasonSchema,
    level: z.string(),
    until: z.string(),
  })
  .superRefine((form, context) => {
    if (form.decision !== 'narrow') return;
    if (form.level === '') {
      context.addIssue({ code: 'custom', path: ['level'], message: 'Choose the level' });
    }
    if (isoDayNumber(form.until) === null) {
      context.addIssue({ code: 'custom', path: ['until'], message: 'Choose the new end day' });
    }
  });
type DecideForm = z.infer<typeof decideFormSchema>;
const formFields = ['decision', 'justification', 'level', 'until'] as const;

const decisionHints = {
  keep: 'The grant stays as it is.',
  revoke: 'The grant ends now, for good.',
  narrow: 'A lower level and/or an earlier end day.',
} as const;

interface DecideFormProps {
  campaignId: string;
  item: ReviewItem;
  /** The grant's level and end day now (a narrowing starts from these). */
  current: { level: string; until: string | null };
  /** The governing charter's access levels, lowest first. */
  levels: readonly string[];
  /** Why the member at the keyboard cannot decide, or null. */
  blocker: string | null;
  onDecided: (item: ReviewItem) => void;
}

function toInput(campaignId: string, grantId: string, form: DecideForm): ReviewDecideInput {
  const base = { campaignId, grantId, justification: form.justification };
  return form.decision === 'narrow'
    ? { ...base, decision: 'narrow', level: form.level, until: form.until }
    : { ...base, decision: form.decision };
}

/**
 * A reviewer's decision on one item: keep, revoke or narrow, always with a justification.
 * Narrow asks for the level and end day; revoke asks for confirmation first, since it cannot
 * be undone.
 */
export function DecideForm({
  campaignId,
  item,
  current,
  levels,
  blocker,
  onDecided,
}: DecideFormProps) {
  const client = useClient();
  const groupId = useId();
  const [confirming, setConfirming] = useState<DecideForm | null>(null);
  const [refusal, setRefusal] = useState<{ error: RpcError; unplaced: RpcError['issues'] } | null>(
    null,
  );
  // A narrowing only lowers: the levels up to the grant's own.
  const reachable = levels.includes(current.level)
    ? levels.slice(0, levels.indexOf(current.level) + 1)
    : levels;
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<DecideForm>({
    resolver: zodResolver(decideFormSchema),
    defaultValues: {
      decision: 'keep',
      justification: '',
      level: reachable.at(-2) ?? current.level,
      until: current.until ?? '',
    },
  });
  const decision = useWatch({ control, name: 'decision' });

  async function send(form: DecideForm): Promise<void> {
    setRefusal(null);
    try {
      onDecided(await client.call('reviews.decide', toInput(campaignId, item.grantId, form)));
    } catch (caught) {
      const error = toRpcError(caught);
      const unplaced = applyServerIssues(
        new RpcError(error.code, error.message, error.issues),
        formFields,
        (field, message) => {
          setError(field, { type: 'server', message });
        },
      );
      setRefusal({ error, unplaced });
    }
  }

  async function submit(form: DecideForm): Promise<void> {
    if (form.decision === 'revoke') setConfirming(form);
    else await send(form);
  }

  const disabled = blocker !== null;
  return (
    <form
      noValidate
      className="review-decide"
      data-testid="review-decide-form"
      onSubmit={(event) => void handleSubmit(submit)(event)}
    >
      <fieldset className="review-decisions" disabled={disabled} aria-labelledby={groupId}>
        <legend id={groupId} className="field-label">
          {item.decision === 'keep' ? 'Change the decision' : 'Decision'}
        </legend>
        {reviewDecisionSchema.options.map((value) => (
          <label key={value} className="review-choice">
            <input
              type="radio"
              value={value}
              data-testid={`review-decision-${value}`}
              {...register('decision')}
            />
            <span className="review-choice-label">{reviewDecisionLabels[value]}</span>
            <span className="review-choice-hint">{decisionHints[value]}</span>
          </label>
        ))}
      </fieldset>
      {decision === 'narrow' ? (
        <div className="review-narrow">
          <FormField label="Level" error={errors.level?.message}>
            {(control) => (
              <select
                {...control}
                {...register('level')}
                className="input"
                disabled={disabled}
                data-testid="review-narrow-level"
              >
                {reachable.map((level) => (
                  <option key={level} value={level}>
                    {level}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="Until" error={errors.until?.message}>
            {(control) => (
              <input
                {...control}
                {...register('until')}
                type="date"
                className="input"
                disabled={disabled}
                max={current.until ?? undefined}
                data-testid="review-narrow-until"
              />
            )}
          </FormField>
        </div>
      ) : null}
      <FormField
        label="Justification"
        error={errors.justification?.message}
        hint="Recorded with the decision and exported as evidence."
      >
        {(control) => (
          <textarea
            {...control}
            {...register('justification')}
            className="input"
            rows={3}
            maxLength={2000}
            disabled={disabled}
            data-testid="review-justification"
          />
        )}
      </FormField>
      {refusal ? (
        <RefusalBanner
          title="The decision was not recorded"
          error={refusal.error}
          issues={refusal.unplaced ?? []}
          onDismiss={() => {
            setRefusal(null);
          }}
        />
      ) : null}
      <div className="review-decide-actions">
        <button
          type="submit"
          className={decision === 'revoke' ? 'button button-danger' : 'button button-primary'}
          data-testid="review-decide-submit"
          disabled={disabled || isSubmitting}
          title={blocker ?? undefined}
        >
          {isSubmitting ? 'Recording…' : `Record ${reviewDecisionLabels[decision].toLowerCase()}`}
        </button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title="Revoke this grant?"
          message={`${item.principalName ?? item.principalId} loses access to ${item.datasetIdentifier ?? item.datasetId} now. A revocation cannot be undone.`}
          confirmLabel="Revoke grant"
          cancelLabel="Cancel"
          tone="danger"
          onConfirm={() => {
            const form = confirming;
            setConfirming(null);
            void send(form);
          }}
          onCancel={() => {
            setConfirming(null);
          }}
        />
      ) : null}
    </form>
  );
}
