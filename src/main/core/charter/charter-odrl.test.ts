import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CharterContent } from '../../../shared/domain/charter';
import { testSetup, useTempDir } from '../testing/temp-dir';
import { thrownCode } from '../testing/thrown-code';
import { Workspace } from '../workspace/workspace';
import {
  approveCharter,
  createCharterDraft,
  publishCharter,
  submitCharter,
} from './charter-commands';
import { charterOdrlExport, charterToOdrl, type JsonValue } from './charter-odrl';
import { getCharterVersion } from './charter-queries';
import { loadCharterTemplate } from './charter-template';

const template = loadCharterTemplate();
const node = { nodeId: 'node-1', organisation: 'Acme Health' };
const published = {
  version: 3,
  status: 'published' as const,
  published: { by: 'Ada Lovelace', at: '2026-02-01T10:00:00.000Z' },
  supersededAt: null,
};

interface Rule {
  uid: string;
  target: { uid: string; 'dct:title': string };
  assignee?: { '@type': string; uid: string; 'dct:title': string };
  action: JsonValue;
  constraint?: { leftOperand: string; operator: string; rightOperand: JsonValue }[];
  duty?: { action: string; constraint?: unknown[] }[];
  'rdfs:comment'?: string;
}

interface Policy {
  '@context': [string, Record<string, string>];
  '@type': string;
  uid: string;
  profile: string;
  'dct:title': string;
  'dct:issued': { '@value': string; '@type': string };
  assigner: { uid: string; 'vcard:fn': string };
  permission: Rule[];
  prohibition: Rule[];
}

/** The policy as a partner reads it: through JSON, the only form that leaves the node. */
function policyOf(content: CharterContent = template): Policy {
  return JSON.parse(JSON.stringify(charterToOdrl(published, content, node))) as Policy;
}

function permission(policy: Policy, category: string, tier: string): Rule | undefined {
  return policy.permission.find(
    (p) =>
      p.target.uid === `urn:concordat:node-1:category:${category}` &&
      p.assignee?.uid === `urn:concordat:node-1:tier:${tier}`,
  );
}

function constraint(rule: Rule | undefined, leftOperand: string) {
  return rule?.constraint?.find((c) => c.leftOperand === leftOperand);
}

describe('charterToOdrl', () => {
  it('is an ODRL 2.2 Set policy in JSON-LD, issued by the organisation', () => {
    const policy = policyOf();
    expect(policy['@context'][0]).toBe('http://www.w3.org/ns/odrl.jsonld');
    expect(policy['@context'][1]).toMatchObject({
      dpv: 'https://w3id.org/dpv#',
      dct: 'http://purl.org/dc/terms/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
      concordat: 'urn:concordat:odrl:',
    });
    expect(policy).toMatchObject({
      '@type': 'Set',
      uid: 'urn:concordat:node-1:charter:3',
      profile: 'urn:concordat:odrl:profile:1',
      'dct:title': 'Data-sharing charter',
      'dct:issued': { '@value': '2026-02-01T10:00:00.000Z', '@type': 'xsd:dateTime' },
      assigner: { uid: 'urn:concordat:node-1', 'vcard:fn': 'Acme Health' },
    });
    expect(charterToOdrl(published, template, node)).toEqual(policyOf());
  });

  it('gives one permission per category and tier with any access, none left out', () => {
    const policy = policyOf();
    // 4 categories × 3 tiers, less the two "none" cells (commercial and personal for pilots).
    expect(policy.permission).toHaveLength(10);
    expect(permission(policy, 'commercial', 'pilot')).toBeUndefined();
    expect(permission(policy, 'personal', 'pilot')).toBeUndefined();
    expect(new Set(policy.permission.map((p) => p.uid)).size).toBe(10);
    expect(permission(policy, 'personal', 'strategic')).toMatchObject({
      uid: 'urn:concordat:node-1:charter:3:permission:personal:strategic',
      target: { uid: 'urn:concordat:node-1:category:personal', 'dct:title': 'Personal data' },
      assignee: {
        '@type': 'PartyCollection',
        uid: 'urn:concordat:node-1:tier:strategic',
        'dct:title': 'Strategic',
      },
    });
  });

  it('maps access levels to ODRL actions, each level including those below', () => {
    const policy = policyOf();
    expect(permission(policy, 'operational', 'pilot')?.action).toEqual([
      {
        'rdf:value': { '@id': 'odrl:use' },
        refinement: [
          {
            leftOperand: 'concordat:granularity',
            operator: 'eq',
            rightOperand: { '@id': 'concordat:aggregate' },
          },
        ],
      },
    ]);
    expect(permission(policy, 'operational', 'standard')?.action).toEqual(['read']);
    expect(permission(policy, 'operational', 'strategic')?.action).toEqual(['read', 'modify']);
    const admin = {
      ...template,
      categories: template.categories.map((c) => ({
        ...c,
        maxAccess: { ...c.maxAccess, strategic: 'admin' },
      })),
    };
    expect(permission(policyOf(admin), 'personal', 'strategic')?.action).toEqual([
      'read',
      'modify',
      'distribute',
    ]);
  });

  it('constrains each permission to the purposes, the longest grant and the cadences', () => {
    const policy = policyOf();
    const operational = permission(policy, 'operational', 'standard');
    expect(constraint(operational, 'purpose')).toEqual({
      leftOperand: 'purpose',
      operator: 'isAnyOf',
      rightOperand: [
        { '@id': 'dpv:ServiceProvision' },
        { '@id': 'dpv:ServiceOptimisation' },
        { '@id': 'dpv:ResearchAndDevelopment' },
        { '@id': 'dpv:EnforceSecurity' },
      ],
    });
    expect(constraint(operational, 'elapsedTime')).toEqual({
      leftOperand: 'elapsedTime',
      operator: 'lteq',
      rightOperand: { '@value': 'P1Y', '@type': 'xsd:duration' },
    });
    expect(constraint(operational, 'concordat:cadence')?.rightOperand).toEqual([
      { '@id': 'concordat:cadence-realtime' },
      { '@id': 'concordat:cadence-hourly' },
      { '@id': 'concordat:cadence-daily' },
    ]);
    // Streaming is allowed, so no minimum interval.
    expect(constraint(operational, 'timeInterval')).toBeUndefined();
    // Monthly or quarterly summaries: at most one delivery a month.
    expect(constraint(permission(policy, 'commercial', 'standard'), 'timeInterval')).toEqual({
      leftOperand: 'timeInterval',
      operator: 'gteq',
      rightOperand: { '@value': 'P1M', '@type': 'xsd:duration' },
    });
  });

  it('names purposes of the node’s own by a node-scoped IRI', () => {
    const own = {
      ...template,
      purposes: [
        ...template.purposes,
        { id: 'x-timetabling', name: 'Timetabling', description: '' },
      ],
      categories: template.categories.map((c) =>
        c.id === 'open-reference' ? { ...c, permittedPurposes: ['x-timetabling'] } : c,
      ),
    };
    expect(
      constraint(permission(policyOf(own), 'open-reference', 'pilot'), 'purpose')?.rightOperand,
    ).toEqual([{ '@id': 'urn:concordat:node-1:purpose:x-timetabling' }]);
  });

  it('attaches the duties to delete after retention and, for consent, to obtain it', () => {
    const policy = policyOf();
    expect(permission(policy, 'personal', 'standard')?.duty).toEqual([
      {
        action: 'delete',
        constraint: [
          {
            leftOperand: 'elapsedTime',
            operator: 'lteq',
            rightOperand: { '@value': 'P90D', '@type': 'xsd:duration' },
          },
        ],
      },
    ]);
    const consent = {
      ...template,
      categories: template.categories.map((c) =>
        c.id === 'personal' ? { ...c, legalBasis: 'consent' as const } : c,
      ),
    };
    const duties = permission(policyOf(consent), 'personal', 'standard')?.duty ?? [];
    expect(duties.map((d) => d.action)).toEqual(['delete', 'obtainConsent']);
  });

  it('prohibits each prohibited purpose and each prohibited use', () => {
    const policy = policyOf();
    // operational 1 + 1, commercial 2 + 1, personal 2 + 2.
    expect(policy.prohibition).toHaveLength(9);
    const operational = policy.prohibition.filter(
      (p) => p.target.uid === 'urn:concordat:node-1:category:operational',
    );
    expect(operational).toEqual([
      expect.objectContaining({
        action: 'use',
        constraint: [
          {
            leftOperand: 'purpose',
            operator: 'isAnyOf',
            rightOperand: [{ '@id': 'dpv:Marketing' }],
          },
        ],
      }),
      expect.objectContaining({
        action: 'use',
        'rdfs:comment': 'Resale of the data to third parties.',
        constraint: [
          {
            leftOperand: 'concordat:usageDescription',
            operator: 'eq',
            rightOperand: 'Resale of the data to third parties.',
          },
        ],
      }),
    ]);
    expect(operational.every((p) => p.assignee === undefined)).toBe(true);
  });

  it('permits nothing for a category that permits no purpose', () => {
    const none = {
      ...template,
      categories: template.categories.map((c) =>
        c.id === 'open-reference' ? { ...c, permittedPurposes: [] } : c,
      ),
    };
    expect(permission(policyOf(none), 'open-reference', 'standard')).toBeUndefined();
    expect(policyOf(none).permission).toHaveLength(7);
  });
});

describe('charterOdrlExport', () => {
  const tempDir = useTempDir();
  const opened: Workspace[] = [];
  afterEach(() => {
    for (const ws of opened.splice(0)) ws.close();
  });
  const newWorkspace = () => {
    const ws = Workspace.create(join(tempDir(), 'odrl.concordat'), testSetup);
    opened.push(ws);
    return ws;
  };
  const publish = (ws: Workspace, version: number) => {
    const step = { version, expectedRevision: 1 };
    submitCharter(ws, step);
    approveCharter(ws, { ...step, note: '' });
    publishCharter(ws, step);
  };

  it('exports only what was published, as pretty JSON', () => {
    const ws = newWorkspace();
    expect(thrownCode(() => charterOdrlExport(ws, 1))).toBe('CONFLICT');
    expect(() => charterOdrlExport(ws, 1)).toThrow(
      'Only a published version can be exported as ODRL; version 1 is a draft.',
    );
    expect(thrownCode(() => charterOdrlExport(ws, 4))).toBe('NOT_FOUND');

    publish(ws, 1);
    const exported = charterOdrlExport(ws, 1);
    expect(exported.fileName).toBe('charter-v1.odrl.jsonld');
    expect(exported.content.endsWith('}\n')).toBe(true);
    expect(exported.content).toContain('\n  "@type": "Set",\n');
    const policy = JSON.parse(exported.content) as Policy;
    expect(policy.uid).toBe(`urn:concordat:${ws.node.nodeId}:charter:1`);
    expect(policy.assigner['vcard:fn']).toBe('Acme Health');
    expect(policy['dct:issued']['@value']).toBe(getCharterVersion(ws, 1).published?.at);

    createCharterDraft(ws, 1);
    publish(ws, 2);
    const superseded = JSON.parse(charterOdrlExport(ws, 1).content) as Record<string, unknown>;
    expect(superseded['concordat:status']).toBe('superseded');
    expect(superseded['concordat:supersededAt']).toMatchObject({ '@type': 'xsd:dateTime' });
  });
});
