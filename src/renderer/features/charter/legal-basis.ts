import { type LegalBasis, legalBasisLabels } from '../../../shared/domain/charter';

export type { LegalBasis };

/** Where GDPR Art. 6(1) sets out each basis, for the lead choosing one. */
const articles: Record<LegalBasis, string> = {
  consent: 'Art. 6(1)(a)',
  contract: 'Art. 6(1)(b)',
  'legal-obligation': 'Art. 6(1)(c)',
  'vital-interests': 'Art. 6(1)(d)',
  'public-task': 'Art. 6(1)(e)',
  'legitimate-interests': 'Art. 6(1)(f)',
  'not-required': '',
};

/** GDPR Art. 6(1) bases, in the article's order, with the article they come from. */
export const legalBasisOptionLabels: Record<LegalBasis, string> = Object.fromEntries(
  Object.entries(legalBasisLabels).map(([basis, label]) => {
    const article = articles[basis as LegalBasis];
    return [basis, article ? `${label} — ${article}` : label];
  }),
) as Record<LegalBasis, string>;
