import { describe, expect, it } from 'vitest';
import { grantStepOffers, stepsFor } from './grant-steps';

describe('the steps a grant offers', () => {
  it('follows the lifecycle main enforces', () => {
    expect(stepsFor('requested')).toEqual(['approve', 'narrow', 'revoke']);
    expect(stepsFor('active')).toEqual(['suspend', 'narrow', 'revoke']);
    expect(stepsFor('suspended')).toEqual(['reinstate', 'narrow', 'revoke']);
    expect(stepsFor('revoked')).toEqual([]);
    expect(stepsFor('expired')).toEqual([]);
  });

  it('disables every step for an auditor, naming the role it needs', () => {
    const offers = grantStepOffers('active', { name: 'Ines', roles: ['auditor'] }, false);
    expect(offers.map((offer) => offer.blockedBy)).toEqual([
      'Suspending a grant needs the Data steward role; Ines holds: Auditor.',
      'Narrowing a grant needs the Data steward role; Ines holds: Auditor.',
      'Revoking a grant needs the Data steward role; Ines holds: Auditor.',
    ]);
  });

  it('offers a steward the steps, and calls a refused request "turn down"', () => {
    const offers = grantStepOffers('requested', { name: 'Lena', roles: ['steward'] }, false);
    expect(offers.every((offer) => offer.blockedBy === null)).toBe(true);
    expect(offers.at(-1)?.label).toBe('Turn down…');
    const readOnly = grantStepOffers('active', { name: 'Lena', roles: ['steward'] }, true);
    expect(readOnly[0]?.blockedBy).toBe('This workspace is open read-only.');
  });
});
