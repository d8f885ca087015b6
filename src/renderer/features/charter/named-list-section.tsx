import { useState } from 'react';
import { useFieldArray, useWatch } from 'react-hook-form';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { useCharterForm, type CharterContentInput } from './charter-form';
import { IdField, TextField, useSuggestId } from './fields';
import { listErrorAt } from './form-errors';
import { useIdLock } from './id-lock';
import { AddItemButton, focusAfterRemove, ItemList, ListError } from './item-list';
import { newNamedItem } from './new-items';

type NamedList = 'accessLevels' | 'partnerTiers' | 'purposes';

interface NamedListConfig {
  noun: string;
  /** Reordering means something (access levels run from least to most access). */
  ordered: boolean;
  idHint: string;
  /** What removing an item in use does to the categories that use it. */
  removal: (content: CharterContentInput, id: string) => RemovalPlan;
}

interface RemovalPlan {
  /** Categories that refer to the item. */
  uses: number;
  consequence: string;
  /** Updates the categories that refer to the item. */
  cascade?: (content: CharterContentInput) => CharterContentInput['categories'];
}

const configs: Record<NamedList, NamedListConfig> = {
  accessLevels: {
    noun: 'access level',
    ordered: true,
    idHint: 'Lowercase letters, digits and hyphens, e.g. read.',
    removal: (content, id) => ({
      uses: content.categories.filter((category) => Object.values(category.maxAccess).includes(id))
        .length,
      consequence:
        'They keep it as a maximum until you choose another level for them, and the draft cannot be saved before then.',
    }),
  },
  partnerTiers: {
    noun: 'partner tier',
    ordered: true,
    idHint: 'Lowercase letters, digits and hyphens, e.g. standard.',
    removal: (content, id) => ({
      uses: content.categories.filter((category) => id in category.maxAccess).length,
      consequence: 'Their maximum access levels for this tier are removed too.',
      cascade: (current) =>
        current.categories.map((category) => ({
          ...category,
          maxAccess: Object.fromEntries(
            Object.entries(category.maxAccess).filter(([tier]) => tier !== id),
          ),
        })),
    }),
  },
  purposes: {
    noun: 'purpose',
    ordered: false,
    idHint: 'A W3C DPV term such as dpv:Marketing, or your own id such as fleet-planning.',
    removal: (content, id) => ({
      uses: content.categories.filter(
        (category) =>
          category.permittedPurposes.includes(id) || category.prohibitedPurposes.includes(id),
      ).length,
      consequence: 'It is removed from their permitted and prohibited purposes too.',
      cascade: (current) =>
        current.categories.map((category) => ({
          ...category,
          permittedPurposes: category.permittedPurposes.filter((purpose) => purpose !== id),
          prohibitedPurposes: category.prohibitedPurposes.filter((purpose) => purpose !== id),
        })),
    }),
  },
};

interface PendingRemoval {
  index: number;
  label: string;
  plan: RemovalPlan;
}

/** Access levels, partner tiers or purposes: id, name and description per item. */
export function NamedListSection({ list, readOnly }: { list: NamedList; readOnly: boolean }) {
  const config = configs[list];
  const {
    control,
    getValues,
    setValue,
    formState: { errors },
  } = useCharterForm();
  const { markCreated } = useIdLock();
  const { fields, append, remove, move } = useFieldArray({ control, name: list });
  const items = useWatch({ control, name: list });
  const [pending, setPending] = useState<PendingRemoval | null>(null);

  const labelOf = (index: number): string =>
    items[index]?.name.trim() || `${config.noun} ${String(index + 1)}`;

  function removeNow(index: number, plan: RemovalPlan | null): void {
    if (plan?.cascade) {
      setValue('categories', plan.cascade(getValues()), { shouldDirty: true });
    }
    remove(index);
    focusAfterRemove(list, index);
  }

  function requestRemove(index: number): void {
    const id = items[index]?.id ?? '';
    const plan = config.removal(getValues(), id);
    if (plan.uses === 0) removeNow(index, null);
    else setPending({ index, label: labelOf(index), plan });
  }

  return (
    <>
      <ListError message={listErrorAt(errors, list)} />
      <ItemList
        list={list}
        items={fields}
        readOnly={readOnly}
        labelOf={labelOf}
        onMove={config.ordered ? move : undefined}
        onRemove={requestRemove}
      >
        {(index) => <NamedItemFields list={list} index={index} idHint={config.idHint} />}
      </ItemList>
      {readOnly ? null : (
        <AddItemButton
          list={list}
          label={`Add ${config.noun}`}
          onClick={() => {
            const item = newNamedItem(
              config.noun.split(' ').at(-1) ?? 'item',
              getValues(list).map((existing) => existing.id),
            );
            markCreated(list, item.id);
            append(item);
          }}
        />
      )}
      {pending ? (
        <ConfirmDialog
          title={`Remove ${config.noun} “${pending.label}”?`}
          message={`${String(pending.plan.uses)} ${pending.plan.uses === 1 ? 'category refers' : 'categories refer'} to it. ${pending.plan.consequence}`}
          confirmLabel={`Remove ${config.noun}`}
          cancelLabel="Keep it"
          tone="danger"
          onConfirm={() => {
            removeNow(pending.index, pending.plan);
            setPending(null);
          }}
          onCancel={() => {
            setPending(null);
          }}
        />
      ) : null}
    </>
  );
}

function NamedItemFields({
  list,
  index,
  idHint,
}: {
  list: NamedList;
  index: number;
  idHint: string;
}) {
  const suggestId = useSuggestId(list, index);
  const at = `${list}.${index}` as const;
  return (
    <div className="charter-item-grid">
      <TextField name={`${at}.name`} label="Name" onBlur={suggestId} />
      <IdField list={list} index={index} hint={idHint} />
      <TextField
        name={`${at}.description`}
        label="Description"
        optional
        multiline
        rows={2}
        className="charter-span-2"
      />
    </div>
  );
}
