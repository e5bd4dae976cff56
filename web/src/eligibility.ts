// The eligibility rule checked before the card step, with the service's own domain function and
// the terms the catalog publishes. The API decides again when the request is made.
import { addMonths, endOfOsloDay } from '@domain/calendar';
import { checkEligibility } from '@domain/policy';
import type { Coverage, PinnedTerms } from '@domain/types';
import type { CatalogItem } from './api/client';

export type Verdict = { eligible: true } | { eligible: false; code: string; months: number | null; endsOn: string; consumerLawEndsOn: string | null };

/** The parts of the pinned terms eligibility reads, from the catalog's published terms. */
function termsFromCatalog(item: CatalogItem): PinnedTerms {
  return {
    item: { sku: item.sku, name: item.name, category: item.category, retailPrice: item.retailPrice, warrantyMonths: item.warrantyMonths ?? undefined },
    category: {
      warrantyMonths: item.warrantyMonths,
      planAvailable: item.planAvailable,
      planMonths: item.planMonths,
      consumerLawMonths: item.consumerLawMonths,
    },
  } as unknown as PinnedTerms;
}

export function checkBeforeCard(item: CatalogItem, purchaseDate: string, coverage: Coverage, nowMs: number): Verdict {
  const result = checkEligibility({ terms: termsFromCatalog(item), purchaseDate, coverage, requestedAtMs: nowMs });
  if (result.eligible) return result;
  const months = coverage === 'warranty' ? item.warrantyMonths : coverage === 'plan' ? item.planMonths : item.consumerLawMonths;
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(purchaseDate);
  const endsOn = months !== null && valid ? addMonths(purchaseDate, months) : '';
  const lawEnds = valid ? addMonths(purchaseDate, item.consumerLawMonths) : null;
  const consumerLawEndsOn = lawEnds && coverage !== 'consumer_law' && nowMs <= endOfOsloDay(lawEnds) ? lawEnds : null;
  return { eligible: false, code: result.code, months, endsOn, consumerLawEndsOn };
}
