// 3-D Secure through HTTP: a card asking for authentication answers the request with what the
// browser must do, and the payment sandbox's challenge page (served by the API) approves or fails
// it, then sends the browser back to the portal — the workflow hears of it as from a webhook.
import request from 'supertest';
import { replacementListSchema, replacementViewSchema } from '../../src/api/schemas';
import type { ReplacementView } from '../../workflows/definitions';
import { eventually, signedStripeDelivery, useApiWorld, useBearers } from './support/api-world';
import { replacementBody } from './support/requests';

jest.setTimeout(60_000);

const world = useApiWorld({ paymentChallenge: true });
const auth = useBearers({ kari: ['customer', 'kari'], warehouse: ['warehouse', 'ola.lager'] });

let keyCounter = 0;
const newKey = () => `key-3ds-${Date.now()}-${++keyCounter}-abcdef`;

async function view(id: string): Promise<ReplacementView> {
  const res = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.kari);
  if (res.status !== 200) throw new Error(`GET ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return replacementViewSchema.parse(res.body) as ReplacementView;
}

/** Requests a replacement with the card that asks for 3-D Secure; the answer comes once authentication is asked for. */
async function requestWithScaCard(): Promise<ReplacementView> {
  const res = await request(world.app)
    .post('/v1/replacements')
    .set('Authorization', auth.kari)
    .set('Idempotency-Key', newKey())
    // Answered at once with the full view: asking the customer to authenticate is the decision for now.
    .set('Prefer', 'wait=10')
    .send(replacementBody({ paymentMethodId: 'pm_card_authenticationRequired' }) as object);
  expect(res.status).toBe(201);
  expect(res.headers['preference-applied']).toBe('wait=10');
  return replacementViewSchema.parse(res.body) as ReplacementView;
}

const answer = (url: string, form: Record<string, string>) => request(world.app).post(url).type('form').send(form);

describe('3-D Secure on the hold, through HTTP', () => {
  test('the view says authentication is needed and where to do it; Approve on the challenge page goes back to the portal and the hold is placed', async () => {
    const created = await requestWithScaCard();
    expect(created.status).toBe('pending_authorization');
    expect(created.hold.state).toBe('requires_authentication');
    const url = `/sandbox/3ds/${created.hold.authorizationId}`;
    expect(created.hold.nextAction).toEqual({ type: 'redirect', url });

    const shown = await view(created.id);
    expect(shown.hold).toMatchObject({ state: 'requires_authentication', nextAction: { type: 'redirect', url } });

    // The staff lists (the read model, PostgreSQL) show it waiting for the customer too.
    const listed = await eventually(
      async () =>
        replacementListSchema.parse((await request(world.app).get('/v1/replacements?status=pending_authorization').set('Authorization', auth.warehouse)).body),
      (l) => l.items.some((i) => i.id === created.id && i.holdState === 'requires_authentication'),
    );
    expect(listed.items.find((i) => i.id === created.id)?.holdState).toBe('requires_authentication');

    const returnUrl = `/replacements/${created.id}`;
    const page = await request(world.app).get(url).query({ returnUrl, lang: 'en' });
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('<html lang="en">');
    expect(page.text).toContain('value="approve">Approve</button>');
    expect(page.text).toContain('value="fail">Fail</button>');
    expect(page.text).toContain(`name="returnUrl" value="${returnUrl}"`);
    const nb = await request(world.app).get(url);
    expect(nb.text).toContain('Godkjenn');

    const approved = await answer(url, { answer: 'approve', returnUrl });
    expect(approved.status).toBe(303);
    expect(approved.headers.location).toBe(returnUrl);

    const ready = await eventually(
      () => view(created.id),
      (v) => v.status === 'awaiting_dispatch',
    );
    expect(ready.hold.state).toBe('active');
    expect(ready.hold.nextAction).toBeUndefined();

    // Answered once: a second answer is refused, and the page says so.
    const again = await answer(url, { answer: 'fail' });
    expect(again.status).toBe(409);
    expect(again.type).toBe('application/problem+json');
    expect((await request(world.app).get(url).query({ lang: 'en' })).text).toContain('already been answered');
  });

  test('Fail declines the request; a return URL on another origin is not followed', async () => {
    const created = await requestWithScaCard();
    const url = `/sandbox/3ds/${created.hold.authorizationId}`;
    const failed = await answer(url, { answer: 'fail', returnUrl: 'https://elsewhere.example/phish', lang: 'en' });
    expect(failed.status).toBe(200);
    expect(failed.headers.location).toBeUndefined();
    expect(failed.text).toContain('The confirmation was refused.');
    expect(failed.text).not.toContain('elsewhere.example');

    const declined = await eventually(
      () => view(created.id),
      (v) => v.status === 'declined',
    );
    expect(declined.hold.state).toBe('none');
    expect(world.payment.listAuthorizations({ metadata: { replacement_id: created.id } })).toEqual([
      expect.objectContaining({ id: created.hold.authorizationId, status: 'canceled' }),
    ]);
  });

  test('the payment provider’s webhook ends the wait too: a signed payment_intent.payment_failed declines the request', async () => {
    const created = await requestWithScaCard();
    const event = {
      id: `evt_3ds_failed_${created.id}`,
      object: 'event',
      type: 'payment_intent.payment_failed',
      created: Math.floor(Date.now() / 1000),
      data: {
        object: { object: 'payment_intent', id: created.hold.authorizationId, status: 'requires_payment_method', metadata: { replacement_id: created.id } },
      },
    };
    const { raw, signature } = signedStripeDelivery(event);
    const res = await request(world.app).post('/v1/webhooks/stripe').set('Content-Type', 'application/json').set('Stripe-Signature', signature).send(raw);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 1, delivered: 1, duplicates: 0, ignored: 0 });
    const declined = await eventually(
      () => view(created.id),
      (v) => v.status === 'declined',
    );
    expect(declined.declineReason).toMatch(/could not be authenticated/);
    expect(world.payment.listAuthorizations({ metadata: { replacement_id: created.id } })).toEqual([expect.objectContaining({ status: 'canceled' })]);
  });

  test('a wrong answer or an unknown payment is a problem that says what to fix', async () => {
    const created = await requestWithScaCard();
    const url = `/sandbox/3ds/${created.hold.authorizationId}`;
    const wrong = await answer(url, { answer: 'maybe' });
    expect(wrong.status).toBe(422);
    expect(wrong.type).toBe('application/problem+json');
    expect(wrong.body.detail).toContain('approve, fail');

    const unknown = await request(world.app).get('/sandbox/3ds/pi_doesNotExist');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toBe('application/problem+json');
    expect((await view(created.id)).hold.state).toBe('requires_authentication');
  });
});
