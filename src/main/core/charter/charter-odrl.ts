import type { CharterContent, DataCategory } from '../../../shared/domain/charter';
import type { CharterVersionSummary } from '../../../shared/domain/charter-version';
import { type Cadence, cadenceKey } from '../../../shared/domain/governance-terms';
import { AppError } from '../../../shared/errors';
import type { Workspace } from '../workspace/workspace';
import { getCharterVersion } from './charter-queries';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonLdObject = { [key: string]: JsonValue };

/** Terms of our own, for what ODRL 2.2's common vocabulary has no word for. */
export const CONCORDAT_ODRL_NAMESPACE = 'urn:concordat:odrl:';
/** The profile a processor must understand to act on these policies (ODRL 2.2 §2.6). */
export const CONCORDAT_ODRL_PROFILE = 'urn:concordat:odrl:profile:1';

const context: JsonValue = [
  'http://www.w3.org/ns/odrl.jsonld',
  {
    dpv: 'https://w3id.org/dpv#',
    dct: 'http://purl.org/dc/terms/',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
    vcard: 'http://www.w3.org/2006/vcard/ns#',
    concordat: CONCORDAT_ODRL_NAMESPACE,
  },
];

export interface OdrlNode {
  nodeId: string;
  organisation: string;
}

const duration = (value: string): JsonValue => ({ '@value': value, '@type': 'xsd:duration' });
const iri = (id: string): JsonValue => ({ '@id': id });

/**
 * Access levels as ODRL actions. Levels are a ranking, so each one includes the rights of
 * those below it:
 *   none      → no permission at all (the tier is left out);
 *   aggregate → odrl:use, refined to aggregates only (concordat:granularity eq
 *               concordat:aggregate): statistics, never a record;
 *   read      → odrl:read;
 *   write     → odrl:read + odrl:modify (may push updates);
 *   admin     → odrl:read + odrl:modify + odrl:distribute (manages the distributions and who
 *               may push to them).
 * A level a charter defines beyond these is exported as odrl:use refined by
 * concordat:accessLevel, naming the level, so nothing is silently widened.
 */
function actionsFor(levelId: string, levelIri: string): JsonValue[] | null {
  switch (levelId) {
    case 'none':
      return null;
    case 'aggregate':
      return [
        {
          'rdf:value': iri('odrl:use'),
          refinement: [
            {
              leftOperand: 'concordat:granularity',
              operator: 'eq',
              rightOperand: iri('concordat:aggregate'),
            },
          ],
        },
      ];
    case 'read':
      return ['read'];
    case 'write':
      return ['read', 'modify'];
    case 'admin':
      return ['read', 'modify', 'distribute'];
    default:
      return [
        {
          'rdf:value': iri('odrl:use'),
          refinement: [
            { leftOperand: 'concordat:accessLevel', operator: 'eq', rightOperand: iri(levelIri) },
          ],
        },
      ];
  }
}

/** How often a periodic cadence delivers, as an xsd:duration. */
const intervalDurations = {
  hourly: 'PT1H',
  daily: 'P1D',
  weekly: 'P1W',
  monthly: 'P1M',
  quarterly: 'P3M',
} as const;

/**
 * The allowed cadences, exactly, as concordat:cadence isAnyOf (ODRL has no term for streaming
 * versus periodic delivery). Where real-time is not allowed, odrl:timeInterval gteq the
 * shortest allowed interval says the same in the common vocabulary: at most one delivery per
 * that period.
 */
function cadenceConstraints(cadences: readonly Cadence[]): JsonValue[] {
  const keys = cadences.map(cadenceKey);
  const constraints: JsonValue[] = [
    {
      leftOperand: 'concordat:cadence',
      operator: 'isAnyOf',
      rightOperand: keys.map((key) => iri(`concordat:cadence-${key}`)),
    },
  ];
  const periodic = cadences.flatMap((cadence) =>
    cadence.kind === 'periodic' ? [cadence.interval] : [],
  );
  if (!keys.includes('realtime') && periodic.length > 0) {
    const order = Object.keys(intervalDurations);
    const shortest = [...periodic].sort((a, b) => order.indexOf(a) - order.indexOf(b))[0];
    if (shortest !== undefined) {
      constraints.push({
        leftOperand: 'timeInterval',
        operator: 'gteq',
        rightOperand: duration(intervalDurations[shortest]),
      });
    }
  }
  return constraints;
}

/**
 * A charter version as an ODRL 2.2 `Set` policy in JSON-LD, for partners' policy tools. Per
 * category, one permission per partner tier that may have any access, constrained to the
 * permitted purposes, the longest grant and the allowed cadences, with the duties to delete
 * after the retention period (and to obtain consent where that is the legal basis); each
 * prohibited purpose and prohibited use becomes a prohibition. Pure: same input, same bytes.
 */
export function charterToOdrl(
  version: Pick<CharterVersionSummary, 'version' | 'status' | 'published' | 'supersededAt'>,
  content: CharterContent,
  node: OdrlNode,
): JsonLdObject {
  const base = `urn:concordat:${node.nodeId}`;
  const policyUid = `${base}:charter:${version.version}`;
  const purposeIri = (id: string) => (id.startsWith('dpv:') ? id : `${base}:purpose:${id}`);
  const purposes = (ids: readonly string[]) => ids.map((id) => iri(purposeIri(id)));

  const target = (category: DataCategory): JsonValue => ({
    '@type': 'AssetCollection',
    uid: `${base}:category:${category.id}`,
    'dct:title': category.name,
    'concordat:sensitivity': category.sensitivity,
    'concordat:personalData': category.personalData,
  });

  const permissions = content.categories.flatMap((category): JsonValue[] => {
    // A category that permits no purpose permits nothing: no grant could name a purpose.
    if (category.permittedPurposes.length === 0) return [];
    const duties: JsonValue[] = [
      {
        action: 'delete',
        constraint: [
          {
            leftOperand: 'elapsedTime',
            operator: 'lteq',
            rightOperand: duration(category.retention),
          },
        ],
      },
    ];
    if (category.legalBasis === 'consent') duties.push({ action: 'obtainConsent' });
    return content.partnerTiers.flatMap((tier): JsonValue[] => {
      const levelId = category.maxAccess[tier.id];
      if (levelId === undefined) return [];
      const action = actionsFor(levelId, `${base}:level:${levelId}`);
      if (action === null) return [];
      return [
        {
          uid: `${policyUid}:permission:${category.id}:${tier.id}`,
          target: target(category),
          assignee: {
            '@type': 'PartyCollection',
            uid: `${base}:tier:${tier.id}`,
            'dct:title': tier.name,
          },
          action,
          constraint: [
            {
              leftOperand: 'purpose',
              operator: 'isAnyOf',
              rightOperand: purposes(category.permittedPurposes),
            },
            {
              leftOperand: 'elapsedTime',
              operator: 'lteq',
              rightOperand: duration(category.maxGrantDuration),
            },
            ...cadenceConstraints(category.allowedCadences),
          ],
          duty: duties,
        },
      ];
    });
  });

  const prohibitions = content.categories.flatMap((category): JsonValue[] => [
    ...category.prohibitedPurposes.map((purpose, index) => ({
      uid: `${policyUid}:prohibition:${category.id}:purpose-${index + 1}`,
      target: target(category),
      action: 'use',
      constraint: [
        { leftOperand: 'purpose', operator: 'isAnyOf', rightOperand: purposes([purpose]) },
      ],
    })),
    // Free text has no ODRL term. The constraint keeps the prohibition to the use described:
    // without one, an ODRL engine would read it as forbidding every use of the category.
    ...category.prohibitedUses.map((use, index) => ({
      uid: `${policyUid}:prohibition:${category.id}:use-${index + 1}`,
      target: target(category),
      action: 'use',
      'rdfs:comment': use,
      constraint: [
        { leftOperand: 'concordat:usageDescription', operator: 'eq', rightOperand: use },
      ],
    })),
  ]);

  return {
    '@context': context,
    '@type': 'Set',
    uid: policyUid,
    profile: CONCORDAT_ODRL_PROFILE,
    'dct:title': content.title,
    'dct:hasVersion': String(version.version),
    ...(version.published && {
      'dct:issued': { '@value': version.published.at, '@type': 'xsd:dateTime' },
    }),
    'concordat:status': version.status,
    'concordat:effectiveDate': { '@value': content.effectiveDate, '@type': 'xsd:date' },
    'concordat:nextReviewDate': { '@value': content.nextReviewDate, '@type': 'xsd:date' },
    ...(version.supersededAt !== null && {
      'concordat:supersededAt': { '@value': version.supersededAt, '@type': 'xsd:dateTime' },
    }),
    assigner: { '@type': 'Party', uid: base, 'vcard:fn': node.organisation },
    permission: permissions,
    prohibition: prohibitions,
  };
}

const unpublished = {
  draft: 'a draft',
  in_review: 'in review',
  approved: 'approved but not yet published',
} as const;

/** A published (or superseded) version as an ODRL file; what is still changing is refused. */
export function charterOdrlExport(
  ws: Workspace,
  version: number,
): { fileName: string; content: string } {
  const charter = getCharterVersion(ws, version);
  if (charter.status !== 'published' && charter.status !== 'superseded') {
    throw new AppError(
      'CONFLICT',
      `Only a published version can be exported as ODRL; version ${version} is ${unpublished[charter.status]}.`,
    );
  }
  const policy = charterToOdrl(charter, charter.content, ws.node);
  return {
    fileName: `charter-v${version}.odrl.jsonld`,
    content: `${JSON.stringify(policy, null, 2)}\n`,
  };
}
