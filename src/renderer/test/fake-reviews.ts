import type { ChannelName, ChannelOutput, ChannelParsedInput } from '../../shared/contract';
import type { GrantRecord } from '../../shared/domain/access';
import { type Permission, permissionBlocker } from '../../shared/domain/permissions';
import type {
  CampaignSummary,
  ReviewItem,
  ReviewProgress,
  ReviewScope,
} from '../../shared/domain/review';
import type { Role } from '../../shared/domain/roles';
import type { ErrorInfo, Result } from '../../shared/errors';

export type ReviewChannel = Extract<ChannelName, `reviews.${string}`>;

export function isReviewChannel(channel: ChannelName): channel is ReviewChannel {
  return channel.startsWith('reviews.');
}

const nodeId = 'node-7f3a9c';

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function fail(code: ErrorInfo['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

/** A grant under review, undecided, as main lists it. */
export function makeReviewItem(
  overrides: Partial<ReviewItem> & { grantId: string; principalName: string },
): ReviewItem {
  return {
    campaignId: 'c-1',
    position: 1,
    principalId: `p-${overrides.grantId}`,
    organisation: 'Acme',
    datasetId: 'ds-bus-positions',
    datasetIdentifier: 'bus-positions',
    datasetTitle: 'Bus positions',
    level: 'read',
    purpose: 'dpv:ServiceProvision',
    until: '2026-12-01',
    decision: null,
    justification: null,
    narrowed: null,
    decided: null,
    ...overrides,
  };
}

interface StoredCampaign {
  summary: Omit<CampaignSummary, 'progress'>;
  items: ReviewItem[];
}

/**
 * The review channels over arrays, as main answers them: the same role and reviewer checks,
 * final revoke and narrow decisions, and the refusal to close with items undecided, so a
 * screen test meets what main does. `grants` are what a new campaign lists (by organisation).
 */
export class FakeReviews {
  campaigns: StoredCampaign[] = [];
  grants: ReviewItem[] = [];
  /** The day overdue is counted on. */
  today = '2026-03-20';
  private nextId = 1;

  constructor(
    private readonly actor: () => { name: string; roles: readonly Role[] },
    private readonly now: () => string = () => '2026-03-20T10:00:00.000Z',
  ) {}

  /** A campaign with these items (numbered in order), open unless said otherwise. */
  addCampaign(
    overrides: Partial<Omit<CampaignSummary, 'progress'>> & { id: string; name: string },
    items: ReviewItem[],
  ): void {
    this.campaigns.push({
      summary: {
        ownerNode: nodeId,
        scope: { kind: 'all' },
        scopeLabel: 'All grants',
        asOfDay: '2026-03-01',
        dueDay: '2026-03-31',
        reviewers: ['Ada Lovelace'],
        status: 'open',
        created: { by: 'Ada Lovelace', at: '2026-03-01T09:00:00.000Z' },
        closed: null,
        version: 1,
        ...overrides,
      },
      items: items.map((item, index) => ({
        ...item,
        campaignId: overrides.id,
        position: index + 1,
      })),
    });
  }

  handle(channel: ReviewChannel, input: unknown): Result<unknown> {
    switch (channel) {
      case 'reviews.list':
        return ok({ today: this.today, campaigns: this.campaigns.map((c) => this.summarise(c)) });
      case 'reviews.get':
        return this.withCampaign((input as { id: string }).id, (c) => ok(this.summarise(c)));
      case 'reviews.items':
        return this.items(input as ChannelParsedInput<'reviews.items'>);
      case 'reviews.item': {
        const { campaignId, grantId } = input as { campaignId: string; grantId: string };
        return this.withCampaign(campaignId, (campaign) => {
          const item = campaign.items.find((candidate) => candidate.grantId === grantId);
          if (!item) return fail('NOT_FOUND', `Grant ${grantId} is not under review.`);
          return ok({ item, campaign: this.summarise(campaign), grant: this.grantOf(item) });
        });
      }
      case 'reviews.open':
        return this.open(input as ChannelParsedInput<'reviews.open'>);
      case 'reviews.decide':
        return this.decide(input as ChannelParsedInput<'reviews.decide'>);
      case 'reviews.close':
        return this.close(input as ChannelParsedInput<'reviews.close'>);
      case 'reviews.export': {
        const { id, format } = input as ChannelParsedInput<'reviews.export'>;
        return this.withCampaign(id, () =>
          ok<ChannelOutput<'reviews.export'>>(
            format === 'csv'
              ? { fileName: 'review.csv', content: `campaign_id\r\n${id}\r\n` }
              : { fileName: 'review.evidence.json', content: '{"payloadType":"x"}' },
          ),
        );
      }
    }
  }

  private withCampaign<T>(id: string, answer: (campaign: StoredCampaign) => Result<T>): Result<T> {
    const campaign = this.campaigns.find((candidate) => candidate.summary.id === id);
    return campaign ? answer(campaign) : fail('NOT_FOUND', `No review campaign with id ${id}.`);
  }

  private progress(campaign: StoredCampaign): ReviewProgress {
    const count = (decision: ReviewItem['decision']) =>
      campaign.items.filter((item) => item.decision === decision).length;
    const undecided = count(null);
    const byDecision = { keep: count('keep'), revoke: count('revoke'), narrow: count('narrow') };
    const decided = byDecision.keep + byDecision.revoke + byDecision.narrow;
    return {
      total: campaign.items.length,
      decided,
      undecided,
      byDecision,
      overdue: this.today > campaign.summary.dueDay ? undecided : 0,
    };
  }

  private summarise(campaign: StoredCampaign): CampaignSummary {
    return { ...campaign.summary, progress: this.progress(campaign) };
  }

  private grantOf(item: ReviewItem): GrantRecord {
    return {
      id: item.grantId,
      ownerNode: nodeId,
      principalId: item.principalId,
      datasetId: item.datasetId,
      level: item.narrowed?.level ?? item.level,
      purpose: item.purpose,
      start: '2026-03-01',
      until: item.narrowed?.until ?? item.until,
      justification: 'Operations',
      storedStatus: item.decision === 'revoke' ? 'revoked' : 'approved',
      status: item.decision === 'revoke' ? 'revoked' : 'active',
      requested: { by: 'Ada Lovelace', at: '2026-03-01T09:00:00.000Z' },
      approved: { by: 'Ada Lovelace', at: '2026-03-01T09:00:00.000Z' },
      revoked: null,
      version: 2,
    };
  }

  private items(query: ChannelParsedInput<'reviews.items'>): Result<unknown> {
    return this.withCampaign(query.campaignId, (campaign) => {
      const words = (query.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      const matches = campaign.items.filter(
        (item) =>
          (query.decision !== undefined
            ? item.decision === query.decision
            : query.state === 'undecided'
              ? item.decision === null
              : query.state === 'decided'
                ? item.decision !== null
                : true) &&
          words.every((word) =>
            [item.principalName, item.organisation, item.datasetIdentifier, item.grantId]
              .join(' ')
              .toLowerCase()
              .includes(word),
          ),
      );
      return ok({
        rows: matches.slice(query.offset, query.offset + query.limit),
        total: matches.length,
        offset: query.offset,
      });
    });
  }

  private forbidden(permission: Permission, action: string): Result<never> | null {
    const blocker = permissionBlocker(this.actor(), permission, action);
    return blocker === null ? null : fail('FORBIDDEN_ROLE', blocker);
  }

  private inScope(scope: ReviewScope): ReviewItem[] {
    return this.grants.filter((grant) =>
      scope.kind === 'partner' ? grant.organisation === scope.value : true,
    );
  }

  private open(input: ChannelParsedInput<'reviews.open'>): Result<CampaignSummary> {
    const refused = this.forbidden('review.manage', 'Opening an access review');
    if (refused) return refused;
    const items = this.inScope(input.scope);
    if (items.length === 0) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: 'No grant in this scope is live today: there is nothing to review.',
          issues: [{ path: 'scope', message: 'No live grant in this scope' }],
        },
      };
    }
    const id = `c-new-${String(this.nextId++)}`;
    this.addCampaign(
      {
        id,
        name: input.name,
        scope: input.scope,
        scopeLabel: input.scope.kind === 'all' ? 'All grants' : input.scope.value,
        dueDay: input.dueDay,
        reviewers: input.reviewers,
        created: { by: this.actor().name, at: this.now() },
      },
      items,
    );
    const created = this.campaigns.at(-1);
    return created ? ok(this.summarise(created)) : fail('INTERNAL', 'Not stored.');
  }

  private decide(input: ChannelParsedInput<'reviews.decide'>): Result<ReviewItem> {
    const refused = this.forbidden('review.decide', 'Deciding an access review item');
    if (refused) return refused;
    return this.withCampaign(input.campaignId, (campaign) => {
      const actor = this.actor().name;
      if (!campaign.summary.reviewers.includes(actor)) {
        return fail(
          'FORBIDDEN_ROLE',
          `Only the reviewers of "${campaign.summary.name}" decide its items: ${campaign.summary.reviewers.join(', ')}. ${actor} is not one of them.`,
        );
      }
      if (campaign.summary.status === 'closed') return fail('CONFLICT', 'The campaign is closed.');
      const index = campaign.items.findIndex((item) => item.grantId === input.grantId);
      const item = campaign.items[index];
      if (!item) return fail('NOT_FOUND', `Grant ${input.grantId} is not under review.`);
      if (item.decision !== null && item.decision !== 'keep') {
        return fail('CONFLICT', 'Only a keep decision can be changed.');
      }
      const decided: ReviewItem = {
        ...item,
        decision: input.decision,
        justification: input.justification,
        narrowed: input.decision === 'narrow' ? { level: input.level, until: input.until } : null,
        decided: { by: actor, at: this.now() },
      };
      campaign.items[index] = decided;
      return ok(decided);
    });
  }

  private close(input: ChannelParsedInput<'reviews.close'>): Result<CampaignSummary> {
    const refused = this.forbidden('review.manage', 'Closing an access review');
    if (refused) return refused;
    return this.withCampaign(input.id, (campaign) => {
      const undecided = this.progress(campaign).undecided;
      if (undecided > 0) return fail('CONFLICT', `${String(undecided)} items are undecided.`);
      if (campaign.summary.version !== input.expectedVersion) {
        return fail('CONFLICT', 'The campaign was changed elsewhere.');
      }
      campaign.summary = {
        ...campaign.summary,
        status: 'closed',
        closed: { by: this.actor().name, at: this.now() },
        version: campaign.summary.version + 1,
      };
      return ok(this.summarise(campaign));
    });
  }
}
