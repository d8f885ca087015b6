import {
  datasetDraftSchema,
  type Dataset,
  type DatasetDraft,
} from '../../../shared/domain/dataset';

export const draftFields = datasetDraftSchema.keyof().options;

/** The editable part of a stored dataset: what the form starts from. */
export function draftOf(dataset: Dataset): DatasetDraft {
  return {
    identifier: dataset.identifier,
    title: dataset.title,
    description: dataset.description,
    sensitivity: dataset.sensitivity,
    status: dataset.status,
    steward: dataset.steward,
    formats: [...dataset.formats],
    tags: [...dataset.tags],
  };
}
