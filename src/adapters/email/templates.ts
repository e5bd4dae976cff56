// Renders every email template in both locales from the string tables, through one layout.
// Data values are HTML-escaped in the HTML part and stripped of line breaks and control
// characters in the subject and text part, so customer-supplied text (names, notes, reasons)
// can neither inject markup nor start a new header or paragraph that looks like ours.
import { formatOsloDate, formatOsloDateTime } from '../../domain/date-format';
import { formatMoney, vatIncluded } from '../../domain/money';
import { LOCALES, type Locale } from '../../domain/types';
import type { Copy, EmailContent, Formatters, Line } from './copy';
import { en } from './copy-en';
import { nb } from './copy-nb';
import { EmailTemplateDataError } from '../../ports/email-errors';
import type { EmailTemplate } from '../../ports/mailer';
import { parseTemplateData, type TemplateData } from '../../ports/email-template-data';

export type { TemplateData } from '../../ports/email-template-data';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface RenderOptions {
  /** Who the email is signed by; defaults to the service's name in the email's locale. */
  brandName?: string;
}

const COPY: Record<Locale, Copy> = { nb, en };

/**
 * Renders `template` for `locale`. Data is validated first; a missing or malformed field throws
 * EmailTemplateDataError naming it. Accepts loosely typed data because it arrives as JSON
 * through an activity; typed callers get checking from `TemplateData`.
 */
export function renderEmail<K extends EmailTemplate>(
  template: K,
  locale: Locale,
  data: TemplateData[K] | Record<string, unknown>,
  options: RenderOptions = {},
): RenderedEmail {
  if (!(LOCALES as readonly string[]).includes(locale)) {
    throw new EmailTemplateDataError(template, [`locale must be one of ${LOCALES.join(', ')}, got ${String(locale)}`]);
  }
  const parsed = parseTemplateData(template, data);
  const copy = COPY[locale];
  const content = copy.templates[template](parsed, formatters(copy));
  return layout(copy, parsed, content, options.brandName ?? copy.defaultBrand);
}

// One set of formatters per locale.
const FORMATTERS = new Map<Copy, Formatters>();

function formatters(copy: Copy): Formatters {
  let f = FORMATTERS.get(copy);
  if (!f) FORMATTERS.set(copy, (f = buildFormatters(copy)));
  return f;
}

function buildFormatters(copy: Copy): Formatters {
  const money = (minor: number) => formatMoney(minor, 'NOK', copy.locale);
  return {
    money,
    moneyWithVat: (minor) => `${money(minor)} (${copy.vatSuffix(money(vatIncluded(minor)))})`,
    dateTime: (ms) => formatOsloDateTime(ms, copy.locale),
    date: (ms) => formatOsloDate(ms, copy.locale),
    outcome: (o) => copy.outcomes[o],
    serviceLevel: (l) => copy.serviceLevels[l],
  };
}

/** The single layout: greeting, paragraphs, facts, links, sign-off, footer. */
function layout(copy: Copy, data: { serviceNumber: string; customerName?: string }, content: EmailContent, brand: string): RenderedEmail {
  const { serviceNumber } = data;
  const subject = `${toText(content.subject)} [${oneLine(serviceNumber)}]`;
  const heading = content.heading ?? content.subject;
  const body = content.audience === 'customer' ? [copy.greeting(data.customerName), ...content.paragraphs] : content.paragraphs;
  const lines = body.filter(isLine);
  const facts = [{ label: copy.labels.serviceNumber, value: serviceNumber }, ...(content.facts ?? []).filter(isLine)];
  const actions = (content.actions ?? []).filter(isLine);
  const footer = copy.footer(serviceNumber);

  const text = [
    ...lines.map(toText),
    facts.map((f) => `${f.label}: ${oneLine(f.value)}`).join('\n'),
    ...actions.map((a) => `${a.label}:\n${oneLine(a.url)}`),
    `${copy.signoff}\n${oneLine(brand)}`,
    `-- \n${toText(footer)}`,
  ].join('\n\n');

  const html = `<!DOCTYPE html>
<html lang="${copy.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${toHtml(heading)}</title>
</head>
<body style="margin:0;padding:24px;background:#f5f5f7;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;color:#1d1d1f;line-height:1.5">
<div style="max-width:600px;margin:0 auto;background:#ffffff;padding:32px;border-radius:8px">
<h1 style="font-size:22px;margin:0 0 24px">${toHtml(heading)}</h1>
${lines.map((l) => `<p style="margin:0 0 16px">${toHtml(l)}</p>`).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:8px 0 24px;width:100%">
${facts
  .map(
    (f) =>
      `<tr><th scope="row" style="text-align:left;font-weight:normal;color:#6e6e73;padding:4px 16px 4px 0;vertical-align:top;white-space:nowrap">${escapeHtml(f.label)}</th><td style="padding:4px 0">${escapeHtml(f.value)}</td></tr>`,
  )
  .join('\n')}
</table>
${actions
  .map(
    (a) =>
      `<p style="margin:0 0 16px"><a href="${escapeHtml(a.url)}" style="display:inline-block;background:#0071e3;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px">${escapeHtml(a.label)}</a></p>`,
  )
  .join('\n')}
<p style="margin:24px 0 0">${escapeHtml(copy.signoff)}<br>${escapeHtml(brand)}</p>
<p style="margin:24px 0 0;font-size:12px;color:#6e6e73">${toHtml(footer)}</p>
</div>
</body>
</html>
`;
  return { subject, text: `${text}\n`, html };
}

function isLine<T>(x: T | false | undefined): x is T {
  return x !== false && x !== undefined;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * A data value on one line: CR, LF, other C0/C1 controls and Unicode line separators become a
 * space. Applied to everything interpolated into the subject and text part.
 */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
}

function toText(l: Line): string {
  return l.parts.map((p) => (p.kind === 'literal' ? p.text : oneLine(p.text))).join('');
}

function toHtml(l: Line): string {
  return l.parts
    .map((p) => {
      if (p.kind === 'literal') return escapeHtml(p.text);
      const v = escapeHtml(oneLine(p.text));
      return p.strong ? `<strong>${v}</strong>` : v;
    })
    .join('');
}
