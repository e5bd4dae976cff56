// The products that can be replaced, with the fees and terms of the policy version in force now.
import { CATALOG } from '../../domain/catalog';
import { itemFees, policyInForce, POLICY_VERSIONS, resolveTerms } from '../../domain/policy';
import { availabilityOf } from '../../domain/stock';
import type { HandlerContext } from '../route-table';

export async function getCatalog({ res, services }: HandlerContext<undefined, undefined>) {
  const version = policyInForce(POLICY_VERSIONS, services.now());
  const levels = new Map((await services.stock.levels()).map((l) => [l.sku, l]));
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
        availability: availabilityOf(levels.get(item.sku) ?? { onHand: 0, reserved: 0, waiting: 0 }),
        fees: itemFees(terms),
      };
    }),
  });
}
