import type { ReactNode } from 'react';
import { useWatch, type Path } from 'react-hook-form';
import { formatIsoDuration, isoDurationSchema } from '../../../shared/domain/governance-terms';
import { FormField } from '../../ui/form-field';
import { useCharterForm, type CharterContentInput } from './charter-form';
import { errorAt } from './form-errors';
import { useIdLock, type IdList } from './id-lock';
import { isPlaceholderId, slugify, uniqueId } from './new-items';

export type CharterPath = Path<CharterContentInput>;

interface TextFieldProps {
  name: CharterPath;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
  multiline?: boolean;
  rows?: number;
  type?: 'text' | 'date';
  className?: string;
  onBlur?: () => void;
}

/** A registered text input (or textarea) with its label, hint and inline error. */
export function TextField({
  name,
  label,
  hint,
  optional,
  multiline,
  rows = 3,
  type = 'text',
  className,
  onBlur,
}: TextFieldProps) {
  const {
    register,
    formState: { errors },
  } = useCharterForm();
  const registered = register(name, onBlur ? { onBlur } : undefined);
  return (
    <FormField
      label={label}
      error={errorAt(errors, name)}
      hint={hint}
      optional={optional}
      className={className}
    >
      {(field) =>
        multiline ? (
          <textarea {...field} {...registered} className="input" rows={rows} />
        ) : (
          <input {...field} {...registered} type={type} className="input" autoComplete="off" />
        )
      }
    </FormField>
  );
}

interface IdFieldProps {
  list: IdList;
  index: number;
  hint: string;
}

/** An item's id: editable until the draft is saved, then fixed (others refer to it). */
export function IdField({ list, index, hint }: IdFieldProps) {
  const {
    register,
    control,
    formState: { errors },
  } = useCharterForm();
  const { isEditable, markCreated } = useIdLock();
  const name = `${list}.${index}.id` as CharterPath;
  const id = useWatch({ control, name }) as string;
  const editable = isEditable(list, id);
  return (
    <FormField
      label="Id"
      error={errorAt(errors, name)}
      hint={editable ? hint : 'Fixed once saved: grants, datasets and diffs refer to it.'}
    >
      {(field) => (
        <input
          {...field}
          {...register(name, {
            onChange: (event: { target: { value: string } }) => {
              markCreated(list, event.target.value);
            },
          })}
          readOnly={!editable}
          className="input input-mono"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
        />
      )}
    </FormField>
  );
}

/**
 * Gives a new item an id made from its name when the name is first entered, so most people
 * never type an id; an id typed by hand is kept.
 */
export function useSuggestId(list: IdList, index: number): () => void {
  const { getValues, setValue } = useCharterForm();
  const { isEditable, markCreated } = useIdLock();
  return () => {
    const items = getValues(list) as readonly { id: string; name?: string; title?: string }[];
    const item = items[index];
    // Only a new item's generated id: a saved id that happens to look like one stays.
    if (!item || !isPlaceholderId(item.id) || !isEditable(list, item.id)) return;
    const slug = slugify(item.name ?? item.title ?? '');
    if (slug === '') return;
    const taken = items.filter((_, at) => at !== index).map((other) => other.id);
    const id = uniqueId(slug, taken);
    markCreated(list, id);
    setValue(`${list}.${index}.id` as CharterPath, id, {
      shouldDirty: true,
      shouldValidate: true,
    });
  };
}

/** An ISO 8601 duration with its reading in words underneath ("P1Y6M" → 1 year 6 months). */
export function DurationField({ name, label }: { name: CharterPath; label: string }) {
  const { control } = useCharterForm();
  const value = useWatch({ control, name }) as string;
  const words = isoDurationSchema.safeParse(value).success ? formatIsoDuration(value) : '';
  return (
    <TextField
      name={name}
      label={label}
      hint={
        <>
          {words ? <strong className="charter-duration">{words}</strong> : null}
          {words ? ' · ' : ''}ISO 8601 duration such as P90D, P6M or P1Y6M
        </>
      }
    />
  );
}
