// The products that can be replaced, with the fees and terms of the policy version in force now.
import { CATALOG } from '../../domain/catalog';
import { itemFees, policyInForce, POLICY_VERSIONS, resolveTerms } from '../../domain/policy';
import type { HandlerContext } from '../route-table';

export function getCatalog({ res, services }: HandlerContext<undefined, undefined>) {
  const version = policyInForce(POLICY_VERSIONS, services.now());
  res.json({
    policyVersion: version.version,
    currency: 'NOK',
    items: CATALOG.map((item) => {
      const terms = resolveTerms(version, item);
      return {
        sku: item.sku,
        name: item.name,
        category: item.category,
        retailPrice: item.retailPrice,
        holdAmount: item.retailPrice,
        warrantyMonths: item.warrantyMonths ?? terms.category.warrantyMonths,
        planAvailable: terms.category.planAvailable,
        planMonths: terms.category.planMonths,
        consumerLawMonths: terms.category.consumerLawMonths,
        returnWindow: terms.category.returnWindow,
        fees: itemFees(terms),
      };
    }),
  });
}
