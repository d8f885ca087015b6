import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { isoDayNumber } from '../../../shared/domain/access';
import { can } from '../../../shared/domain/permissions';
import {
  campaignOpenSchema,
  type CampaignOpenInput,
  type CampaignSummary,
  reviewScopeKindLabels,
} from '../../../shared/domain/review';
import { RpcError, toRpcError } from '../../api/client';
import { useClient } from '../../api/client-context';
import { RefusalBanner } from '../../ui/banner';
import { FormField } from '../../ui/form-field';
import { FormDialogActions, Modal } from '../../ui/modal';
import { SelectOptions } from '../../ui/select-options';
import { applyServerIssues } from '../../ui/server-errors';
import { useLoader } from '../../ui/use-loader';
import { charterOf, useGoverningCharter } from '../catalog/use-governing-charter';

const scopeKinds = ['all', 'partner', 'category'] as const;

/**
 * The form's own shape: the scope as a kind and the value it asks for, reviewers as the names
 * ticked. It maps onto campaignOpenSchema, which main parses with, so both refuse alike.
 */
const openFormSchema = z
  .strictObject({
    name: campaignOpenSchema.shape.name,
    scopeKind: z.enum(scopeKinds),
    scopeValue: z.string().trim(),
    dueDay: z
      .string()
      .refine((day) => isoDayNumber(day) !== null, 'Choose the day decisions are due'),
    reviewers: z.array(z.string()).min(1, 'Choose at least one reviewer'),
  })
  .superRefine((form, context) => {
    if (form.scopeKind !== 'all' && form.scopeValue === '') {
      context.addIssue({
        code: 'custom',
        path: ['scopeValue'],
        message: form.scopeKind === 'partner' ? 'Choose a partner' : 'Choose a data category',
      });
    }
  });
type OpenForm = z.infer<typeof openFormSchema>;
type OpenFormInput = z.input<typeof openFormSchema>;
const formFields = ['name', 'scopeKind', 'scopeValue', 'dueDay', 'reviewers'] as const;

function toInput(form: OpenForm): CampaignOpenInput {
  return {
    name: form.name,
    scope:
      form.scopeKind === 'all' ? { kind: 'all' } : { kind: form.scopeKind, value: form.scopeValue },
    dueDay: form.dueDay,
    reviewers: form.reviewers,
  };
}

/** A server issue's path (`scope.value`) as the form field that shows it. */
function formPath(path: string): string {
  return path.startsWith('scope') ? 'scopeValue' : path;
}

/** A month from today, as the date input writes it. */
function defaultDueDay(): string {
  return new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
}

interface OpenCampaignDialogProps {
  onOpened: (campaign: CampaignSummary) => void;
  onClose: () => void;
}

/**
 * Opens a campaign: a name, a scope (all grants, one partner's or one category's), a due date
 * and reviewers chosen among the members who may decide (leads and stewards).
 */
export function OpenCampaignDialog({ onOpened, onClose }: OpenCampaignDialogProps) {
  const client = useClient();
  const titleId = useId();
  const [refusal, setRefusal] = useState<{ error: RpcError; unplaced: RpcError['issues'] } | null>(
    null,
  );
  const loadChoices = useCallback(
    () => Promise.all([client.call('access.principals', {}), client.call('members.list', {})]),
    [client],
  );
  const [choices] = useLoader(loadChoices);
  const [charterState] = useGoverningCharter();
  const categories = charterOf(charterState)?.content.categories ?? [];
  const { organisations, reviewers, actingName } = useMemo(() => {
    if (choices.status !== 'ready') return { organisations: [], reviewers: [], actingName: null };
    const [principals, members] = choices.value;
    const eligible = members.members.filter(
      (member) => member.active && can(member.roles, 'review.decide'),
    );
    return {
      organisations: [...new Set(principals.map((principal) => principal.organisation))].sort(
        (a, b) => a.localeCompare(b),
      ),
      reviewers: eligible,
      actingName: eligible.find((member) => member.id === members.actingId)?.name ?? null,
    };
  }, [choices]);

  const {
    register,
    handleSubmit,
    setError,
    setValue,
    control,
    formState: { errors, isSubmitting },
  } = useForm<OpenFormInput, unknown, OpenForm>({
    resolver: zodResolver(openFormSchema),
    defaultValues: {
      name: '',
      scopeKind: 'all',
      scopeValue: '',
      dueDay: defaultDueDay(),
      reviewers: [],
    },
  });
  const scopeKind = useWatch({ control, name: 'scopeKind' });
  const chosen = useWatch({ control, name: 'reviewers' });

  async function open(form: OpenForm): Promise<void> {
    setRefusal(null);
    try {
      const campaign = await client.call('reviews.open', toInput(form));
      onOpened(campaign);
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

  return (
    <Modal labelledBy={titleId} onClose={onClose} className="review-dialog">
      <form
        noValidate
        data-testid="review-open-form"
        onSubmit={(event) => void handleSubmit(open)(event)}
      >
        <h2 id={titleId} className="dialog-title">
          Open an access review
        </h2>
        <FormField label="Name" error={errors.name?.message}>
          {(control) => (
            <input
              {...control}
              {...register('name')}
              className="input"
              maxLength={120}
              placeholder="Q3 partner access review"
              data-testid="review-name"
              data-autofocus
            />
          )}
        </FormField>
        <div className="review-dialog-grid">
          <FormField label="Scope" error={errors.scopeKind?.message}>
            {(control) => (
              <select
                {...control}
                {...register('scopeKind', {
                  onChange: () => {
                    setValue('scopeValue', '');
                  },
                })}
                className="input"
                data-testid="review-scope-kind"
              >
                <SelectOptions values={scopeKinds} labels={reviewScopeKindLabels} />
              </select>
            )}
          </FormField>
          {scopeKind === 'partner' ? (
            <FormField
              label="Partner"
              error={errors.scopeValue?.message}
              hint={
                organisations.length === 0 && choices.status === 'ready'
                  ? 'No principals are recorded yet.'
                  : 'Every grant to the organisation’s roles.'
              }
            >
              {(control) => (
                <select
                  {...control}
                  {...register('scopeValue')}
                  className="input"
                  data-testid="review-scope-partner"
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
          ) : scopeKind === 'category' ? (
            <FormField
              label="Data category"
              error={errors.scopeValue?.message}
              hint="Every grant on the category’s datasets, as the governing charter defines it."
            >
              {(control) => (
                <select
                  {...control}
                  {...register('scopeValue')}
                  className="input"
                  data-testid="review-scope-category"
                >
                  <option value="">Choose a category…</option>
                  {categories.map((category) => (
                    <option key={category.id} value={category.id}>
                      {category.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          ) : null}
          <FormField
            label="Due"
            error={errors.dueDay?.message}
            hint="Items still undecided after it count as overdue."
          >
            {(control) => (
              <input
                {...control}
                {...register('dueDay')}
                type="date"
                className="input"
                data-testid="review-due"
              />
            )}
          </FormField>
        </div>
        <fieldset
          className={
            errors.reviewers ? 'field field-invalid review-reviewers' : 'field review-reviewers'
          }
          aria-describedby="review-reviewers-hint"
        >
          <legend className="field-label">Reviewers</legend>
          {reviewers.map((member) => (
            <label key={member.id} className="checkbox-label">
              <input
                type="checkbox"
                value={member.name}
                data-testid="review-reviewer"
                {...register('reviewers')}
              />
              {member.name}
              {member.name === actingName ? <span className="cell-muted"> (you)</span> : null}
            </label>
          ))}
          <p id="review-reviewers-hint" className="field-hint">
            {choices.status === 'ready' && reviewers.length === 0
              ? 'No member holds the lead or steward role.'
              : `Members holding the lead or steward role. ${String(chosen.length)} chosen.`}
          </p>
          {errors.reviewers?.message ? (
            <p className="field-error" role="alert">
              {errors.reviewers.message}
            </p>
          ) : null}
        </fieldset>
        {refusal ? (
          <RefusalBanner
            title="The campaign was not opened"
            error={refusal.error}
            issues={refusal.unplaced ?? []}
          />
        ) : null}
        <FormDialogActions
          submitLabel="Open campaign"
          busyLabel="Opening…"
          busy={isSubmitting}
          submitTestId="review-open-submit"
          onCancel={onClose}
        />
      </form>
    </Modal>
  );
}
