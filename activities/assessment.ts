// Which terms apply to a request, and whether it is eligible: resolved once and recorded in history.
import { checkEligibility, policyInForce, resolveTerms, withAuthenticationWaitSeconds } from '../src/domain';
import { holdAmountFor } from '../src/domain/lifecycle';
import type { Coverage, MinorUnits, PinnedTerms } from '../src/domain/types';
import type { PolicySource } from '../src/ports/policy-source';

export type Assessment =
  { eligible: true; terms: PinnedTerms; holdAmount: MinorUnits } | { eligible: false; code: string; reason: string; terms: PinnedTerms | null };

export function createAssessmentActivities(deps: { policies: PolicySource; authenticationWaitSeconds?: number }) {
  return {
    /** Resolves the policy version in force and the catalog item, and checks eligibility. */
    async assessRequest(req: { sku: string; purchaseDate: string; coverage: Coverage; at: number }): Promise<Assessment> {
      const [versions, catalog] = await Promise.all([deps.policies.versions(), deps.policies.catalog()]);
      const version = policyInForce(versions, req.at);
      const item = catalog.find((i) => i.sku === req.sku);
      if (!item) {
        return { eligible: false, code: 'unknown_sku', reason: `SKU ${req.sku} is not offered for express replacement`, terms: null };
      }
      const terms = withAuthenticationWaitSeconds(resolveTerms(version, item), deps.authenticationWaitSeconds);
      const verdict = checkEligibility({ terms, purchaseDate: req.purchaseDate, coverage: req.coverage, requestedAtMs: req.at });
      if (!verdict.eligible) return { eligible: false, code: verdict.code, reason: verdict.reason, terms };
      return { eligible: true, terms, holdAmount: holdAmountFor(item) };
    },
  };
}
