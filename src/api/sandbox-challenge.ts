// The payment sandbox's 3-D Secure challenge page (`/sandbox/3ds/:authorizationId`): where a
// card asking for authentication sends the customer in the embedded default. Approve or Fail
// answers the way an issuer would; the provider's event then tells the replacement. Afterwards the
// browser goes back to `returnUrl` (the portal's status page) when it is on this service's origin.
// Served only when the sandbox is the payment provider; not an API operation, so not in the route table.
import express, { type Request, type Response, type Router } from 'express';
import { formatMoney } from '../domain/money';
import type { Locale } from '../domain/types';
import type { ChallengeAnswer, ChallengeInfo, PaymentChallenge } from '../ports/payment-challenge';
import { problem } from './problem';

export const SANDBOX_CHALLENGE_PATH = '/sandbox/3ds';

const COPY = {
  nb: {
    title: 'Bekreft betalingen',
    intro: 'Kortutstederen ber deg bekrefte at det er du som reserverer beløpet. Dette er testmiljøets side for 3-D Secure.',
    amount: 'Beløp',
    card: 'Kort',
    approve: 'Godkjenn',
    fail: 'Avvis',
    approved: 'Betalingen er bekreftet.',
    failed: 'Bekreftelsen ble avvist.',
    back: 'Tilbake til forespørselen',
    done: 'Denne bekreftelsen er allerede besvart.',
  },
  en: {
    title: 'Confirm the payment',
    intro: 'The card issuer asks you to confirm that you are the one placing this hold. This is the test environment’s 3-D Secure page.',
    amount: 'Amount',
    card: 'Card',
    approve: 'Approve',
    fail: 'Fail',
    approved: 'The payment is confirmed.',
    failed: 'The confirmation was refused.',
    back: 'Back to the request',
    done: 'This confirmation has already been answered.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

const ANSWERS: readonly ChallengeAnswer[] = ['approve', 'fail'];

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function localeOf(req: Request): Locale {
  const asked = typeof req.query.lang === 'string' ? req.query.lang : typeof req.body?.lang === 'string' ? (req.body.lang as string) : undefined;
  if (asked === 'nb' || asked === 'en') return asked;
  return req.acceptsLanguages('nb', 'no', 'en') === 'en' ? 'en' : 'nb';
}

/** The path to go back to, when `raw` points at this service's own origin; otherwise null. */
export function sameOriginReturnUrl(raw: unknown, ownOrigins: readonly string[]): string | null {
  if (typeof raw !== 'string' || raw === '') return null;
  if (raw.startsWith('/') && !raw.startsWith('//') && !raw.includes('\\')) return raw;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return ownOrigins.includes(url.origin) ? url.href : null;
}

function ownOrigins(req: Request, publicBaseUrl: string | undefined): string[] {
  const origins = [`${req.protocol}://${req.get('host') ?? ''}`];
  if (publicBaseUrl) origins.push(new URL(publicBaseUrl).origin);
  return origins;
}

function page(locale: Locale, body: string): string {
  const t = COPY[locale];
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t.title}</title></head>
<body>
<main>
<h1>${t.title}</h1>
${body}
</main>
</body>
</html>`;
}

function challengeForm(locale: Locale, info: ChallengeInfo, returnUrl: string | null): string {
  const t = COPY[locale];
  const amount = formatMoney(info.amount, info.currency.toUpperCase() as 'NOK', locale);
  const hidden = `<input type="hidden" name="lang" value="${locale}">${returnUrl ? `<input type="hidden" name="returnUrl" value="${escapeHtml(returnUrl)}">` : ''}`;
  return `<p>${t.intro}</p>
<dl><dt>${t.amount}</dt><dd>${escapeHtml(amount)}</dd><dt>${t.card}</dt><dd>${escapeHtml(info.brand)} •••• ${escapeHtml(info.last4)}</dd></dl>
<p>${escapeHtml(info.description)}</p>
<form method="post">${hidden}
<button type="submit" name="answer" value="approve">${t.approve}</button>
<button type="submit" name="answer" value="fail">${t.fail}</button>
</form>`;
}

function resultPage(locale: Locale, message: string, returnUrl: string | null): string {
  return page(locale, `<p role="status">${escapeHtml(message)}</p>${returnUrl ? `<p><a href="${escapeHtml(returnUrl)}">${COPY[locale].back}</a></p>` : ''}`);
}

async function found(challenge: PaymentChallenge, id: string): Promise<ChallengeInfo> {
  const info = await challenge.describe(id);
  if (!info) throw problem('not-found', `No payment is waiting for authentication under ${id}; check the link the request gave you.`);
  return info;
}

export function sandboxChallengeRouter(challenge: PaymentChallenge, options: { publicBaseUrl?: string } = {}): Router {
  const router = express.Router();
  const html = (res: Response, status: number, body: string) => res.status(status).type('html').setHeader('Cache-Control', 'no-store').send(body);

  router.get(`${SANDBOX_CHALLENGE_PATH}/:authorizationId`, async (req, res) => {
    const locale = localeOf(req);
    const info = await found(challenge, req.params.authorizationId);
    const returnUrl = sameOriginReturnUrl(req.query.returnUrl, ownOrigins(req, options.publicBaseUrl));
    if (info.status !== 'requires_action') return html(res, 200, resultPage(locale, COPY[locale].done, returnUrl));
    html(res, 200, page(locale, challengeForm(locale, info, returnUrl)));
  });

  router.post(`${SANDBOX_CHALLENGE_PATH}/:authorizationId`, express.urlencoded({ extended: false, limit: '8kb' }), async (req, res) => {
    const locale = localeOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const answer = body.answer;
    if (typeof answer !== 'string' || !ANSWERS.includes(answer as ChallengeAnswer)) {
      throw problem('validation-error', `Send the form field answer as one of: ${ANSWERS.join(', ')}.`);
    }
    const id = req.params.authorizationId;
    const info = await found(challenge, id);
    if (info.status !== 'requires_action') throw problem('conflict', `The payment ${id} is no longer waiting for authentication (it is ${info.status}).`);
    await challenge.answer(id, answer as ChallengeAnswer);
    const returnUrl = sameOriginReturnUrl(body.returnUrl ?? req.query.returnUrl, ownOrigins(req, options.publicBaseUrl));
    if (returnUrl) return res.redirect(303, returnUrl);
    html(res, 200, resultPage(locale, answer === 'approve' ? COPY[locale].approved : COPY[locale].failed, null));
  });

  return router;
}
