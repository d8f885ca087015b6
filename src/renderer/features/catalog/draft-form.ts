import { useFormContext, type UseFormReturn } from 'react-hook-form';
import type { DatasetDraft, DatasetDraftInput } from '../../../shared/domain/dataset';

/** The dataset editor's react-hook-form instance: what the user types in, what the schema gives. */
export type DraftForm = UseFormReturn<DatasetDraftInput, unknown, DatasetDraft>;

/** The form of the enclosing <FormProvider>, for the editor's sections. */
export function useDraftForm(): DraftForm {
  return useFormContext<DatasetDraftInput, unknown, DatasetDraft>();
}
