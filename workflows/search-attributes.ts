// Custom search attributes the replacement workflow upserts. Servers must register them before
// the first workflow starts (the dev server via --search-attribute, a cluster via the operator API).
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA_STATUS = defineSearchAttributeKey('ReplacementStatus', SearchAttributeType.KEYWORD);
export const SA_CUSTOMER = defineSearchAttributeKey('ReplacementCustomer', SearchAttributeType.KEYWORD);
export const SA_SKU = defineSearchAttributeKey('ReplacementSku', SearchAttributeType.KEYWORD);
export const SA_DEADLINE = defineSearchAttributeKey('ReplacementReturnDeadline', SearchAttributeType.DATETIME);
export const SA_HOLD_STATE = defineSearchAttributeKey('ReplacementHoldState', SearchAttributeType.KEYWORD);
export const SA_FLAGS = defineSearchAttributeKey('ReplacementFlags', SearchAttributeType.KEYWORD_LIST);

export const SEARCH_ATTRIBUTES = [SA_STATUS, SA_CUSTOMER, SA_SKU, SA_DEADLINE, SA_HOLD_STATE, SA_FLAGS];

/** `name=Type` pairs as `temporal server start-dev --search-attribute` takes them. */
export function devServerSearchAttributeArgs(): string[] {
  const cli: Record<string, string> = {
    KEYWORD: 'Keyword',
    DATETIME: 'Datetime',
    KEYWORD_LIST: 'KeywordList',
    TEXT: 'Text',
    INT: 'Int',
    DOUBLE: 'Double',
    BOOL: 'Bool',
  };
  return SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${cli[k.type] ?? k.type}`]);
}
