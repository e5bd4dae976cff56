// The Stripe adapter's handling of what stripe-mock cannot produce: declines, Stripe's error
// responses, outages, a card asking for 3-D Secure, and an unknown customer. A local HTTP server
// answers with Stripe-shaped bodies scripted per test; the real SDK talks to it over HTTP.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  type HoldRequest,
  PaymentConfigurationError,
  PaymentDeclinedError,
  PaymentInvalidRequestError,
  PaymentTransientError,
} from '../../src/ports/payment-gateway';
import { StripePaymentGateway, type StripeGatewayOptions } from '../../src/adapters/payment/stripe-gateway';

interface Seen {
  method: string;
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | undefined;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type Script = (req: Seen) => Reply;

let server: Server;
let port: number;
let script: Script;
let seen: Seen[];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '').split('?');
      const s: Seen = {
        method: req.method ?? '',
        path: path!,
        params: new URLSearchParams(req.method === 'GET' ? query : body),
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      };
      seen.push(s);
      const reply = script(s);
      res.writeHead(reply.status, { 'content-type': 'application/json', 'request-id': 'req_test', ...reply.headers });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen = [];
});

function gateway(options: Partial<StripeGatewayOptions> = {}) {
  return new StripePaymentGateway({ secretKey: 'sk_test_local', host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0, ...options });
}

function hold(overrides: Partial<HoldRequest> = {}): HoldRequest {
  return {
    amount: 249_900,
    currency: 'nok',
    paymentMethodId: 'pm_card_visa',
    customerId: 'cus_known',
    email: 'kari@example.no',
    description: 'hold',
    metadata: { replacement_id: 'R-1' },
    idempotencyKey: 'wf-1:authorize',
    ...overrides,
  };
}

const intent = (over: Record<string, unknown> = {}) => ({
  id: 'pi_1',
  object: 'payment_intent',
  amount: 249_900,
  amount_capturable: 249_900,
  amount_received: 0,
  currency: 'nok',
  status: 'requires_capture',
  created: 1_767_225_600,
  customer: 'cus_known',
  payment_method: 'pm_saved',
  latest_charge: {
    id: 'ch_1',
    object: 'charge',
    payment_method_details: {
      type: 'card',
      card: { brand: 'visa', network: 'visa', capture_before: 1_767_830_400, extended_authorization: { status: 'disabled' } },
    },
  },
  last_payment_error: null,
  metadata: {},
  ...over,
});

const stripeError = (status: number, error: Record<string, unknown>): Reply => ({ status, body: { error } });

describe('error mapping', () => {
  it('a card decline (402) is a PaymentDeclinedError with Stripe’s code and decline code', async () => {
    script = () =>
      stripeError(402, { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
    const err = await gateway()
      .authorizeHold(hold())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentDeclinedError);
    expect(err).toMatchObject({ code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('an off-session authentication_required decline keeps its code', async () => {
    script = () => stripeError(402, { type: 'card_error', code: 'authentication_required', decline_code: 'authentication_required', message: 'auth' });
    const err = await gateway()
      .reauthorize({ ...hold(), customerId: 'cus_known' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PaymentDeclinedError', code: 'authentication_required' });
  });

  it('an invalid request (400/404) is a PaymentInvalidRequestError with Stripe’s code', async () => {
    script = () => stripeError(404, { type: 'invalid_request_error', code: 'resource_missing', message: "No such payment_intent: 'pi_x'" });
    const err = await gateway()
      .getAuthorization('pi_x')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentInvalidRequestError);
    expect((err as PaymentInvalidRequestError).code).toBe('resource_missing');
  });

  it('a reused idempotency key with other parameters is a PaymentInvalidRequestError (idempotency_error)', async () => {
    script = () =>
      stripeError(400, {
        type: 'idempotency_error',
        message: 'Keys for idempotent requests can only be used with the same parameters they were first used with.',
      });
    const err = await gateway()
      .capture({ authorizationId: 'pi_1', amount: 1, idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentInvalidRequestError);
    expect((err as PaymentInvalidRequestError).code).toBe('idempotency_error');
  });

  it.each([
    [429, { type: 'invalid_request_error', message: 'Too many requests' }, 'rate_limit'],
    [500, { type: 'api_error', message: 'Something went wrong on Stripe’s end.' }, 'http_500'],
    [503, { type: 'api_error', message: 'Service unavailable' }, 'http_503'],
    [409, { type: 'invalid_request_error', code: 'idempotency_key_in_use', message: 'in use' }, 'idempotency_key_in_use'],
  ])('HTTP %i is a retryable PaymentTransientError', async (status, error, code) => {
    script = () => stripeError(status, error);
    const err = await gateway()
      .capture({ authorizationId: 'pi_1', amount: 1, idempotencyKey: 'k' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentTransientError);
    expect(err).toMatchObject({ name: 'PaymentTransientError', retryable: true, code });
  });

  it('an unreachable API is a retryable PaymentTransientError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await gateway({ port: deadPort })
      .getAuthorization('pi_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentTransientError);
    expect((err as PaymentTransientError).code).toBe('connection_error');
  });

  it('a rejected API key is a PaymentConfigurationError, not a decline', async () => {
    script = () => stripeError(401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    const err = await gateway()
      .getAuthorization('pi_1')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentConfigurationError);
  });
});

describe('behaviour Stripe’s responses drive', () => {
  it('the SDK’s own retry after a 5xx resends the caller’s idempotency key, so Stripe can replay', async () => {
    let calls = 0;
    script = () => (++calls === 1 ? stripeError(503, { type: 'api_error', message: 'unavailable' }) : { status: 200, body: intent() });
    const a = await gateway({ maxNetworkRetries: 1 }).authorizeHold(hold());
    expect(a.id).toBe('pi_1');
    expect(seen.map((s) => s.idempotencyKey)).toEqual(['wf-1:authorize', 'wf-1:authorize']);
  });

  it('creates the customer when none has the email, keyed off the hold’s key', async () => {
    script = (req) => {
      if (req.method === 'GET' && req.path === '/v1/customers')
        return { status: 200, body: { object: 'list', data: [], has_more: false, url: '/v1/customers' } };
      if (req.path === '/v1/customers') return { status: 200, body: { id: 'cus_new', object: 'customer', email: req.params.get('email'), created: 1 } };
      return { status: 200, body: intent({ customer: req.params.get('customer') }) };
    };
    const a = await gateway().authorizeHold(hold({ customerId: undefined }));
    expect(seen.map((s) => [s.method, s.path, s.idempotencyKey])).toEqual([
      ['GET', '/v1/customers', undefined],
      ['POST', '/v1/customers', 'wf-1:authorize:customer'],
      ['POST', '/v1/payment_intents', 'wf-1:authorize'],
    ]);
    expect(seen[1]!.params.get('email')).toBe('kari@example.no');
    expect(seen[2]!.params.get('customer')).toBe('cus_new');
    expect(a.customerId).toBe('cus_new');
  });

  it('reuses the oldest customer with the email', async () => {
    script = (req) => {
      if (req.method === 'GET') {
        const c = (id: string, created: number) => ({ id, object: 'customer', email: 'kari@example.no', created });
        return { status: 200, body: { object: 'list', data: [c('cus_newer', 20), c('cus_oldest', 10)], has_more: false, url: '/v1/customers' } };
      }
      return { status: 200, body: intent({ customer: req.params.get('customer') }) };
    };
    await gateway().authorizeHold(hold({ customerId: undefined }));
    expect(seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual(['/v1/payment_intents']);
    expect(seen[1]!.params.get('customer')).toBe('cus_oldest');
  });

  it('a card that asks for 3-D Secure is declined (authentication_required) and its intent canceled', async () => {
    script = (req) =>
      req.path.endsWith('/cancel')
        ? { status: 200, body: intent({ id: 'pi_3ds', status: 'canceled', amount_capturable: 0 }) }
        : { status: 200, body: intent({ id: 'pi_3ds', status: 'requires_action', amount_capturable: 0, latest_charge: null }) };
    const err = await gateway()
      .authorizeHold(hold())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentDeclinedError);
    expect(err).toMatchObject({ code: 'authentication_required' });
    expect(seen.map((s) => [s.path, s.idempotencyKey])).toEqual([
      ['/v1/payment_intents', 'wf-1:authorize'],
      ['/v1/payment_intents/pi_3ds/cancel', 'wf-1:authorize:abandon'],
    ]);
  });

  it('with allowAuthentication, a card that asks for 3-D Secure comes back requires_action with its client secret, nothing canceled', async () => {
    script = () => ({
      status: 200,
      body: intent({ id: 'pi_3ds', status: 'requires_action', amount_capturable: 0, latest_charge: null, client_secret: 'pi_3ds_secret_abc' }),
    });
    const auth = await gateway().authorizeHold(hold({ allowAuthentication: true }));
    expect(auth).toMatchObject({ id: 'pi_3ds', status: 'requires_action', amountCapturable: 0 });
    expect(auth.nextAction).toEqual({ type: 'stripe_sdk', clientSecret: 'pi_3ds_secret_abc' });
    expect(seen.map((s) => s.path)).toEqual(['/v1/payment_intents']);
    // Saved for the off-session renewals once the customer has authenticated.
    expect(seen[0]!.params.get('setup_future_usage')).toBe('off_session');
  });

  it('an intent that is not holding funds is never reported as a hold', async () => {
    script = () => ({ status: 200, body: intent({ status: 'requires_confirmation', amount_capturable: 0 }) });
    const err = await gateway()
      .authorizeHold(hold())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentInvalidRequestError);
    expect((err as PaymentInvalidRequestError).code).toBe('payment_intent_unexpected_state');
  });

  it('cancelling an intent Stripe already canceled releases nothing; a captured one is an error', async () => {
    const unexpected = (status: string) =>
      stripeError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `You cannot cancel this PaymentIntent because it has a status of ${status}.`,
        payment_intent: intent({ status, amount_capturable: 0 }),
      });
    script = () => unexpected('canceled');
    await expect(gateway().cancel({ authorizationId: 'pi_1', idempotencyKey: 'k1' })).resolves.toEqual({ released: 0 });
    script = () => unexpected('succeeded');
    await expect(gateway().cancel({ authorizationId: 'pi_1', idempotencyKey: 'k2' })).rejects.toBeInstanceOf(PaymentInvalidRequestError);
  });

  it('without the intent in the error body, cancel reads its status before answering', async () => {
    const bare = stripeError(400, { type: 'invalid_request_error', code: 'payment_intent_unexpected_state', message: 'unexpected state' });
    script = (req) => (req.method === 'GET' ? { status: 200, body: intent({ status: 'canceled', amount_capturable: 0 }) } : bare);
    await expect(gateway().cancel({ authorizationId: 'pi_1', idempotencyKey: 'k3' })).resolves.toEqual({ released: 0 });
    expect(seen.map((s) => [s.method, s.path])).toEqual([
      ['POST', '/v1/payment_intents/pi_1/cancel'],
      ['GET', '/v1/payment_intents/pi_1'],
    ]);
    script = (req) => (req.method === 'GET' ? { status: 200, body: intent({ status: 'succeeded', amount_capturable: 0 }) } : bare);
    await expect(gateway().cancel({ authorizationId: 'pi_1', idempotencyKey: 'k4' })).rejects.toBeInstanceOf(PaymentInvalidRequestError);
  });

  it('reads capture_before (seconds) into captureBefore (ms)', async () => {
    script = () => ({ status: 200, body: intent() });
    const a = await gateway().authorizeHold(hold());
    expect(a).toMatchObject({ captureBefore: 1_767_830_400_000, extendedAuthorization: false, network: 'visa', paymentMethodId: 'pm_saved' });
  });

  it('refuses to send a mutating call without an idempotency key', async () => {
    script = () => ({ status: 200, body: intent() });
    const err = await gateway()
      .capture({ authorizationId: 'pi_1', amount: 1, idempotencyKey: '' })
      .catch((e: unknown) => e);
    expect((err as PaymentInvalidRequestError).code).toBe('idempotency_key_required');
    expect(seen).toEqual([]);
  });
});
