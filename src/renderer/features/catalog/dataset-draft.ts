import {
  datasetDraftSchema,
  draftOfDataset,
  type Dataset,
  type DatasetDraft,
} from '../../../shared/domain/dataset';

export const draftFields = datasetDraftSchema.keyof().options;

/** The editable part of a stored dataset: what the form starts from (a deep copy to edit). */
export function draftOf(dataset: Dataset): DatasetDraft {
  return structuredClone(draftOfDataset(dataset));
}
