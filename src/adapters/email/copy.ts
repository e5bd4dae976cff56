// The vocabulary the per-locale string tables are written in. A table entry returns content
// (lines, facts, links), never markup: the one layout in templates.ts turns it into HTML and
// plain text and is the only place that escapes, so a table cannot forget to.
import type { InspectionOutcome, Locale, ServiceLevel } from '../../domain/types';
import type { EmailTemplate } from '../../ports/mailer';
import type { ParsedTemplateData } from '../../ports/email-template-data';

/** Literal copy is trusted; values come from data and are escaped or sanitized on output. */
export type Part = { kind: 'literal'; text: string } | { kind: 'value'; text: string; strong: boolean };

export interface Line {
  readonly parts: readonly Part[];
}

export interface Strong {
  readonly strong: string;
}

/** Emphasized value (bold in HTML, plain in text). */
export const strong = (text: string): Strong => ({ strong: text });

/** Tagged template: `line\`Return it by ${f.dateTime(d.returnDeadline)}.\`` */
export function line(literals: TemplateStringsArray, ...values: Array<string | Strong>): Line {
  const parts: Part[] = [];
  literals.forEach((lit, i) => {
    if (lit) parts.push({ kind: 'literal', text: lit });
    if (i < values.length) {
      const v = values[i]!;
      parts.push(typeof v === 'string' ? { kind: 'value', text: v, strong: false } : { kind: 'value', text: v.strong, strong: true });
    }
  });
  return { parts };
}

export interface Fact {
  label: string; // literal
  value: string; // data
}

export interface Action {
  label: string; // literal
  url: string; // validated http(s) URL
}

type Maybe<T> = T | false | undefined;

export interface EmailContent {
  /** Staff emails skip the customer greeting. */
  audience: 'customer' | 'staff';
  /** The layout appends the service number, so every subject carries it. */
  subject: Line;
  heading?: Line;
  paragraphs: Array<Maybe<Line>>;
  facts?: Array<Maybe<Fact>>;
  actions?: Array<Maybe<Action>>;
}

/** Formatting bound to the email's locale. */
export interface Formatters {
  money(minor: number): string;
  /** Amount followed by the VAT it includes. */
  moneyWithVat(minor: number): string;
  /** Europe/Oslo local date and time, marked as Oslo time. */
  dateTime(epochMs: number): string;
  /** Europe/Oslo local calendar date. */
  date(epochMs: number): string;
  outcome(outcome: InspectionOutcome): string;
  serviceLevel(level: ServiceLevel): string;
}

export type TemplateCopy = {
  [K in EmailTemplate]: (d: ParsedTemplateData[K], f: Formatters) => EmailContent;
};

export interface Copy {
  locale: Locale;
  /** `(vat)` → the suffix after an amount, e.g. "incl. VAT NOK 246.80". */
  vatSuffix(vat: string): string;
  greeting(name: string | undefined): Line;
  signoff: string;
  defaultBrand: string;
  footer(serviceNumber: string): Line;
  labels: Record<
    | 'serviceNumber'
    | 'product'
    | 'serialNumber'
    | 'holdAmount'
    | 'returnBy'
    | 'carrier'
    | 'trackingNumber'
    | 'result'
    | 'charged'
    | 'released'
    | 'labour'
    | 'lateReturnFee'
    | 'refunded'
    | 'reason'
    | 'received'
    | 'sku'
    | 'serviceLevel'
    | 'dueBy',
    string
  >;
  outcomes: Record<InspectionOutcome, string>;
  serviceLevels: Record<ServiceLevel, string>;
  /** Known ineligibility codes; any other reason is shown as given. */
  ineligibleReasons: Record<string, string>;
  templates: TemplateCopy;
}
