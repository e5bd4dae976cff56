import { EmailTemplateDataError, PermanentEmailError } from '../../src/ports/email-errors';
import { EMAIL_TEMPLATES, type EmailTemplate } from '../../src/ports/mailer';
import { renderEmail } from '../../src/adapters/email/templates';
import { LOCALES } from '../../src/domain/types';
import { DEADLINE, EXPECTED, FIXTURES, REQUIRED, SERVICE_NUMBER } from './email-fixtures';

const cases = EMAIL_TEMPLATES.flatMap((t) => LOCALES.map((l) => [t, l] as const));

describe('renderEmail', () => {
  it('has fixtures and expectations for every template', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...EMAIL_TEMPLATES].sort());
    expect(Object.keys(REQUIRED).sort()).toEqual([...EMAIL_TEMPLATES].sort());
  });

  it.each(cases)('%s (%s) renders subject, text and HTML with its content', (template, locale) => {
    const email = renderEmail(template, locale, FIXTURES[template]);

    expect(email.subject).toContain(SERVICE_NUMBER);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).toContain(SERVICE_NUMBER);
    expect(email.text).toContain(SERVICE_NUMBER);
    expect(email.text).not.toMatch(/<\/?[a-z][^>]*>/i); // no markup in the text part
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toMatch(/undefined|NaN|\[object |null/);
    }
    for (const snippet of EXPECTED[locale][template]) {
      expect(`${email.subject}\n${email.text}`).toContain(snippet);
      expect(email.html).toContain(snippet);
    }
  });

  it.each(EMAIL_TEMPLATES)('%s is translated: nb and en differ', (template) => {
    const nb = renderEmail(template, 'nb', FIXTURES[template]);
    const en = renderEmail(template, 'en', FIXTURES[template]);
    expect(nb.subject).not.toEqual(en.subject);
    expect(nb.text).not.toEqual(en.text);
  });

  const missing = EMAIL_TEMPLATES.flatMap((t) => REQUIRED[t].map((field) => [t, field] as const));
  it.each(missing)('%s without %s fails with an error naming the field', (template, field) => {
    const data: Record<string, unknown> = { ...FIXTURES[template] };
    delete data[field];
    let error: unknown;
    try {
      renderEmail(template, 'nb', data);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EmailTemplateDataError);
    expect(error).toBeInstanceOf(PermanentEmailError); // so the activity does not retry a caller bug
    expect((error as Error).message).toContain(`email template "${template}"`);
    expect((error as Error).message).toContain(`data.${field} is required`);
  });

  it('rejects malformed values with what was expected', () => {
    expect(() => renderEmail('hold_placed', 'nb', { ...FIXTURES.hold_placed, holdAmount: 12.5 })).toThrow(/data\.holdAmount: must be an integer amount in øre/);
    expect(() => renderEmail('dispatched', 'en', { ...FIXTURES.dispatched, returnDeadline: 'next Monday' })).toThrow(
      /data\.returnDeadline: must be an instant/,
    );
    expect(() => renderEmail('late_return_refund', 'en', { ...FIXTURES.late_return_refund, refundAmount: 1_234_00 })).toThrow(
      /data\.refundAmount: must equal capturedAmount − lateReturnFee/,
    );
    expect(() => renderEmail('settled', 'en', { ...FIXTURES.settled, outcome: 'lost_in_mail' })).toThrow(/data\.outcome/);
    expect(() => renderEmail('hold_placed', 'de' as never, FIXTURES.hold_placed)).toThrow(/locale must be one of nb, en/);
    expect(() => renderEmail('no_such_template' as never, 'nb', {})).toThrow(/unknown template/);
  });

  it('formats amounts Norwegian style with the VAT they include', () => {
    const email = renderEmail('hold_placed', 'nb', { ...FIXTURES.hold_placed, holdAmount: 1_234_00 });
    expect(email.subject).toContain('1 234,00 kr');
    expect(email.text).toContain('1 234,00 kr (inkl. mva. 246,80 kr)');
    expect(email.html).toContain('1 234,00 kr (inkl. mva. 246,80 kr)');
    expect(email.text).toContain('25 % merverdiavgift');

    const large = renderEmail('settled', 'nb', {
      ...FIXTURES.settled,
      holdAmount: 14_999_00,
      capturedAmount: 14_999_00,
      releasedAmount: 0,
      outcome: 'not_covered',
      beyondRepair: true,
    });
    expect(large.text).toContain('14 999,00 kr (inkl. mva. 2 999,80 kr)');
    expect(large.text).toContain('kan ikke repareres');
    expect(large.text).not.toContain('frigitt de resterende');
  });

  it('states a full release when nothing is captured', () => {
    const email = renderEmail('settled', 'en', {
      ...FIXTURES.settled,
      capturedAmount: 0,
      releasedAmount: 1_234_00,
      outcome: 'covered',
    });
    expect(email.subject).toMatch(/hold has been released/);
    expect(email.text).toContain('The temporary hold of NOK 1,234.00 has been released in full. Nothing has been charged.');
  });

  it('shows deadlines in Oslo local time, across daylight saving', () => {
    const winter = renderEmail('dispatched', 'nb', { ...FIXTURES.dispatched, returnDeadline: DEADLINE });
    expect(winter.text).toContain('mandag 7. desember 2026 kl. 23:59');
    // 21:59:59 UTC on 30 June is 23:59:59 in Oslo (CEST); a UTC rendering would say 21:59.
    const summer = renderEmail('dispatched', 'nb', {
      ...FIXTURES.dispatched,
      returnDeadline: Date.parse('2026-06-30T21:59:59.999Z'),
    });
    expect(summer.text).toContain('tirsdag 30. juni 2026 kl. 23:59');
    expect(summer.subject).toContain('30. juni 2026');
    // ISO strings with an offset are accepted and mean the same instant.
    const iso = renderEmail('dispatched', 'nb', { ...FIXTURES.dispatched, returnDeadline: '2026-12-07T23:59:59.999+01:00' });
    expect(iso.text).toEqual(winter.text);
  });

  it('escapes hostile data in HTML and keeps it on one line in subject and text', () => {
    const hostile = {
      ...FIXTURES.settled,
      customerName: '<script>alert("name")</script>',
      productName: '"><img src=x onerror=alert(1)>',
      notes: '=HYPERLINK("https://evil.example/","Refund here")\r\nBcc: victim@example.com\n\n<b>bold</b>',
      serviceNumber: 'ER-1\r\nBcc: victim@example.com',
    };
    const email = renderEmail('settled', 'en', hostile);

    expect(email.html).not.toMatch(/<script|<img|<b>|"><|onerror=alert\(1\)>/);
    expect(email.html).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;');
    expect(email.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('=HYPERLINK(&quot;https://evil.example/&quot;,&quot;Refund here&quot;)');

    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toContain('[ER-1 Bcc: victim@example.com]');
    // Injected line breaks are flattened, so no line of the text part starts with a header name.
    expect(email.text).not.toMatch(/^Bcc:/m);
    expect(email.text).not.toMatch(/\r/);
    expect(email.text).toContain(`Inspector's notes: =HYPERLINK("https://evil.example/","Refund here") Bcc: victim@example.com <b>bold</b>`);
  });

  it('refuses links that are not http(s)', () => {
    expect(() => renderEmail('dispatched', 'en', { ...FIXTURES.dispatched, returnLabelUrl: 'javascript:alert(document.cookie)' })).toThrow(
      /data\.returnLabelUrl: must be an http\(s\) URL/,
    );
    const email = renderEmail('dispatched', 'en', {
      ...FIXTURES.dispatched,
      returnLabelUrl: 'https://labels.example.no/r?id=1&sig="x"',
    });
    expect(email.html).toContain('href="https://labels.example.no/r?id=1&amp;sig=&quot;x&quot;"');
  });

  it('greets customers but not the warehouse', () => {
    const templates: EmailTemplate[] = ['sla_breach'];
    for (const t of templates) {
      expect(renderEmail(t, 'nb', FIXTURES[t]).text).not.toMatch(/^Hei/);
      expect(renderEmail(t, 'en', FIXTURES[t]).text).not.toMatch(/^Hello/);
    }
    expect(renderEmail('cancelled', 'nb', { ...FIXTURES.cancelled, customerName: undefined }).text).toMatch(/^Hei,\n/);
  });
});
