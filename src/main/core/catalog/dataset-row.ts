import {
  type Dataset,
  datasetStatusSchema,
  sensitivitySchema,
} from '../../../shared/domain/dataset';

function stringArray(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

export function datasetFromRow(row: {
  id: string;
  owner_node: string;
  identifier: string;
  title: string;
  description: string;
  sensitivity: string;
  status: string;
  steward: string;
  formats: string;
  tags: string;
  version: number;
  created_at: string;
  updated_at: string;
}): Dataset {
  return {
    id: row.id,
    ownerNode: row.owner_node,
    identifier: row.identifier,
    title: row.title,
    description: row.description,
    sensitivity: sensitivitySchema.parse(row.sensitivity),
    status: datasetStatusSchema.parse(row.status),
    steward: row.steward,
    formats: stringArray(row.formats),
    tags: stringArray(row.tags),
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
