// Hostile input through HTTP: oversized, compressed, deeply nested, mis-typed and mis-encoded
// bodies, absurd numbers and strings, prototype-pollution keys — each refused with a 4xx problem,
// quickly, with the server still serving afterwards. Then markup, PDF-syntax and spreadsheet-formula
// payloads carried by one replacement from request to dispatch email, label PDF and ledger CSV,
// where they must come out inert. (Plain 64 kB / malformed JSON / text/plain cases are in
// test/api/http-errors.test.ts.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { contentStream, drawnText } from '../adapters/label-reader';
import { renderEmail } from '../../src/adapters/email/templates';
import { signCarrierPayload } from '../../src/lib/webhook-signature';
import { BODY_LIMIT_BYTES } from '../../src/api/register-routes';
import { replacementViewSchema } from '../../src/api/schemas';
import type { ReplacementView } from '../../workflows/definitions';
import { CARRIER_SECRET, eventually, useApiWorld, useBearers } from '../api/support/api-world';
import { replacementBody } from '../api/support/requests';

// Real servers on a shared 2-core machine: allow for a slow moment.
jest.setTimeout(90_000);

const world = useApiWorld();
const auth = useBearers({ customer: ['customer', 'kari'], warehouse: ['warehouse', 'ola'], finance: ['finance', 'fin'], admin: ['admin', 'root'] });
let server: http.Server;
let port = 0;
beforeAll(async () => {
  server = world.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server?.closeAllConnections();
  if (server) await new Promise((r) => server.close(r));
});

let keyCounter = 0;
const newKey = () => `hostile-${Date.now()}-${++keyCounter}`;
const create = (key = newKey()) => request(world.app).post('/v1/replacements').set('Authorization', auth.customer).set('Idempotency-Key', key);
const inspect = () => request(world.app).post('/v1/replacements/RMA-0000000000/inspection').set('Authorization', auth.warehouse);
/** A carrier webhook delivery with a valid signature over exactly these bytes. */
const postSignedCarrier = (raw: string) =>
  request(world.app)
    .post('/v1/webhooks/carrier')
    .set('Content-Type', 'application/json')
    .set('X-Carrier-Signature', signCarrierPayload(raw, CARRIER_SECRET))
    .send(raw);

function expectProblem(res: request.Response, status: number | number[], type?: string) {
  expect(Array.isArray(status) ? status : [status]).toContain(res.status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (type) expect(res.body.type).toBe(`/docs#problem-${type}`);
}
const errorPaths = (res: { body: { errors?: { path: string }[] } }) => [...new Set((res.body.errors ?? []).map((e) => e.path))].sort();

/**
 * A request with exactly these body bytes (supertest would JSON-encode a Buffer) and, unless a
 * Content-Length is given, sent chunked.
 */
function rawRequest(path: string, headers: Record<string, string>, body: Buffer | ((req: http.ClientRequest) => void)) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: { type?: string; errors?: { path: string }[] } & Record<string, unknown> }>(
    (resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed = {};
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON (e.g. Node's own 4xx) */
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
      });
      // The server may answer and close while the body is still going out.
      req.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' || err.code === 'ECONNRESET' ? undefined : reject(err)));
      if (Buffer.isBuffer(body)) req.end(body);
      else body(req);
    },
  );
}

const inspectionHeaders = (extra: Record<string, string>) => ({ authorization: auth.warehouse, 'content-type': 'application/json', ...extra });

function expectRawProblem(res: Awaited<ReturnType<typeof rawRequest>>, status: number, type: string) {
  expect({ status: res.status, type: res.body.type }).toEqual({ status, type: `/docs#problem-${type}` });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
}

async function expectStillServing() {
  expect((await request(world.app).get('/healthz')).status).toBe(200);
}

describe('body size', () => {
  it('refuses a 5 MB body with 413 without reading it all, on every JSON route', async () => {
    const huge = JSON.stringify(replacementBody({ issueDescription: 'x'.repeat(5 * 1024 * 1024) }));
    const started = Date.now();
    expectProblem(await create().set('Content-Type', 'application/json').send(huge), 413, 'payload-too-large');
    expectProblem(
      await inspect()
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ outcome: 'covered', notes: 'n'.repeat(1024 * 1024) })),
      413,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    await expectStillServing();
  });

  it('refuses an oversized chunked body (no Content-Length) with 413', async () => {
    const res = await rawRequest(
      '/v1/replacements',
      { authorization: auth.customer, 'idempotency-key': newKey(), 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      (req) => {
        req.write('{"issueDescription":"');
        const chunk = 'y'.repeat(16 * 1024);
        let sent = 0;
        const pump = () => {
          while (sent < 2 * 1024 * 1024) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end('"}');
        };
        pump();
      },
    );
    expectRawProblem(res, 413, 'payload-too-large');
  });

  it('measures the limit after decompression: a gzip bomb is refused with 413', async () => {
    // 8 MB of spaces inside valid JSON compresses to a few kB, well under the limit on the wire.
    const bomb = gzipSync(Buffer.from(`{"outcome":"covered","notes":"${' '.repeat(8 * 1024 * 1024)}"}`));
    expect(bomb.length).toBeLessThan(BODY_LIMIT_BYTES);
    const res = await rawRequest('/v1/replacements/RMA-0000000000/inspection', inspectionHeaders({ 'content-encoding': 'gzip' }), bomb);
    expectRawProblem(res, 413, 'payload-too-large');
    await expectStillServing();
  });

  it('refuses an encoding it does not know with 415', async () => {
    const res = await rawRequest(
      '/v1/replacements/RMA-0000000000/inspection',
      inspectionHeaders({ 'content-encoding': 'compress' }),
      Buffer.from('{"outcome":"covered","notes":""}'),
    );
    expectRawProblem(res, 415, 'unsupported-media-type');
  });

  it('reports a long string inside the limit as a field error, not a crash', async () => {
    const res = await create().send(replacementBody({ issueDescription: 'x'.repeat(2_001) }));
    expectProblem(res, 422, 'validation-error');
    expect(errorPaths(res)).toEqual(['issueDescription']);
  });
});

describe('deeply nested JSON', () => {
  const nestedArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const nestedObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it.each([
    ['10k nested arrays as the body', nestedArray(10_000)],
    ['10k nested arrays in a field', `{"sku":${nestedArray(10_000)}}`],
    ['5k nested objects as an unknown field', `{"extra":${nestedObject(5_000)}}`],
  ])('%s: a quick 4xx and the server keeps serving', async (_name, body) => {
    expect(body.length).toBeLessThan(BODY_LIMIT_BYTES);
    const started = Date.now();
    const res = await create().set('Content-Type', 'application/json').send(body);
    expectProblem(res, [400, 413, 422]);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expectStillServing();
  });

  it('refuses nesting beyond the size limit with 413', async () => {
    expectProblem(await create().set('Content-Type', 'application/json').send(nestedArray(100_000)), 413, 'payload-too-large');
  });

  it('checks a deeply nested signed webhook body like any other: 422, not a crash', async () => {
    const raw = `{"events":${nestedArray(10_000)}}`;
    const res = await postSignedCarrier(raw);
    expectProblem(res, 422, 'validation-error');
    await expectStillServing();
  });
});

describe('prototype pollution', () => {
  it('treats __proto__ and constructor keys as unknown fields and pollutes nothing', async () => {
    const raw = `{"__proto__":{"isAdmin":true,"role":"admin"},"constructor":{"prototype":{"polluted":true}},"outcome":"covered","notes":"x"}`;
    const res = await inspect().set('Content-Type', 'application/json').send(raw);
    expectProblem(res, 422, 'validation-error');
    expect(errorPaths(res)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('content types and encodings', () => {
  it.each([
    ['application/x-www-form-urlencoded', 'outcome=covered&notes=x'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="outcome"\r\n\r\ncovered\r\n--x--\r\n'],
    ['application/xml', '<inspection><outcome>covered</outcome></inspection>'],
    ['text/html', '<script>alert(1)</script>'],
  ])('refuses %s with 415', async (type, body) => {
    expectProblem(await inspect().set('Content-Type', type).send(body), 415, 'unsupported-media-type');
  });

  it('refuses JSON declared in a charset that is not Unicode with 415', async () => {
    const res = await rawRequest(
      '/v1/replacements/RMA-0000000000/inspection',
      inspectionHeaders({ 'content-type': 'application/json; charset=iso-8859-1' }),
      Buffer.from('{"outcome":"covered","notes":"bl\u00e5b\u00e6r"}', 'latin1'),
    );
    expectRawProblem(res, 415, 'unsupported-media-type');
  });

  // A lone continuation byte, an overlong NUL and a truncated three-byte sequence.
  const INVALID_UTF8 = Buffer.from([0x80, 0xc0, 0x80, 0xe2, 0x82]);

  it('decodes invalid UTF-8 as replacement characters, which a pattern-checked field refuses (422)', async () => {
    const [before, after] = JSON.stringify(replacementBody({ serialNumber: 'SN@MARK@' })).split('@MARK@');
    const hostile = Buffer.concat([Buffer.from(before), INVALID_UTF8, Buffer.from(after)]);
    const res = await rawRequest(
      '/v1/replacements',
      { authorization: auth.customer, 'idempotency-key': newKey(), 'content-type': 'application/json' },
      hostile,
    );
    expectRawProblem(res, 422, 'validation-error');
    expect(errorPaths(res)).toEqual(['serialNumber']);
  });

  it('verifies a webhook signature over the raw bytes, invalid UTF-8 included, then reads the text safely', async () => {
    const raw = Buffer.concat([
      Buffer.from('{"events":[{"eventId":"utf8-1","trackingNumber":"370000000000000001","kind":"in_transit","at":1700000000000,"description":"'),
      INVALID_UTF8,
      Buffer.from('"}]}'),
    ]);
    const post = (signature: string) => rawRequest('/v1/webhooks/carrier', { 'content-type': 'application/json', 'x-carrier-signature': signature }, raw);
    const res = await post(signCarrierPayload(raw, CARRIER_SECRET));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, delivered: 0, ignored: 1 });
    // Signed over the bytes after a lossy decode: not the bytes that were sent.
    const lossy = await post(signCarrierPayload(raw.toString('utf8'), CARRIER_SECRET));
    expectRawProblem(lossy, 400, 'invalid-signature');
  });
});

describe('numbers', () => {
  it.each([
    ['1e308', '1e308'],
    ['1e400 (Infinity once parsed)', '1e400'],
    ['-1', '-1'],
    ['-0', '-0'],
    ['2**53', String(2 ** 53)],
    ['2**53 + 1 (not exactly representable)', '9007199254740993'],
    ['a fraction', '0.5'],
    ['a numeric string', '"10"'],
  ])('refuses labourMinutes = %s with 422 naming the field', async (_name, literal) => {
    const res = await inspect().set('Content-Type', 'application/json').send(`{"outcome":"covered","notes":"x","labourMinutes":${literal}}`);
    expectProblem(res, 422, 'validation-error');
    expect(errorPaths(res)).toEqual(['labourMinutes']);
  });

  it.each(['1e308', '-1', '9007199254740993', 'Infinity', 'NaN', '1%00', '%20'])('refuses limit=%s with 400', async (limit) => {
    const res = await request(world.app).get(`/v1/replacements?limit=${limit}`).set('Authorization', auth.admin);
    expectProblem(res, 400, 'invalid-query');
    expect(errorPaths(res)).toEqual(['query.limit']);
  });

  it('refuses an absurd instant in a signed carrier event with 422', async () => {
    const raw = JSON.stringify({ events: [{ eventId: 'e1', trackingNumber: '370000000000000001', kind: 'in_transit', at: 1e308 }] });
    const res = await postSignedCarrier(raw);
    expectProblem(res, 422, 'validation-error');
    expect(errorPaths(res)).toEqual(['events.0.at']);
  });
});

describe('long headers, paths and parameters', () => {
  it('refuses an Idempotency-Key over 255 characters with 400', async () => {
    const res = await create('k'.repeat(10_000)).send(replacementBody());
    expectProblem(res, 400, 'bad-request');
    expect(errorPaths(res)).toEqual(['header.Idempotency-Key']);
  });

  it('answers a 10k-character id with 404 and a 5k cursor with 400', async () => {
    expectProblem(
      await request(world.app)
        .get(`/v1/replacements/RMA-${'A'.repeat(10_000)}`)
        .set('Authorization', auth.admin),
      404,
      'not-found',
    );
    expectProblem(
      await request(world.app)
        .get(`/v1/replacements?cursor=${'A'.repeat(5_000)}`)
        .set('Authorization', auth.admin),
      400,
      'invalid-query',
    );
  });

  it('refuses a 100 kB Authorization header at the HTTP layer (431) and keeps serving', async () => {
    const res = await request(world.app)
      .get('/v1/catalog')
      .set('Authorization', `Bearer ${'a'.repeat(100_000)}`);
    expect(res.status).toBe(431);
    await expectStillServing();
  });
});

describe('script, PDF-syntax and formula payloads from request to email, label and ledger', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const HYPERLINK = '=HYPERLINK("http://x","y")';
  const DDE = "+cmd|' /C calc'!A0";
  // Would close the PDF string and draw text of its own if it were not escaped.
  const PDF_BREAKOUT = ') Tj ET BT /F2 40 Tf 10 10 Td (PWNED';
  const KEY = '=HYPERLINK("http://x","key")';

  let id: string;
  let dispatched: ReplacementView;

  beforeAll(async () => {
    const body = replacementBody({
      issueDescription: `${SCRIPT} ${HYPERLINK} ${DDE}`,
      shippingAddress: { name: SCRIPT, line1: HYPERLINK, line2: PDF_BREAKOUT, postalCode: '0155', city: DDE, country: 'NO' },
    });
    // The Idempotency-Key is customer text too (it names the replacement).
    const res = await create(KEY).send(body);
    expect(res.status).toBe(201);
    id = res.body.id;
    const view = async () =>
      replacementViewSchema.parse((await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.admin)).body) as ReplacementView;
    await eventually(view, (v) => v.status === 'awaiting_dispatch');
    const d = await request(world.app)
      .post(`/v1/replacements/${id}/dispatch`)
      .set('Authorization', auth.warehouse)
      .send({ replacementSerialNumber: 'RPL-0001' });
    expect(d.status).toBe(200);
    dispatched = d.body as ReplacementView;
    await request(world.app).post(`/v1/replacements/${id}/receipt`).set('Authorization', auth.warehouse).send({ serialNumber: body.serialNumber }).expect(200);
    const inspected = await request(world.app)
      .post(`/v1/replacements/${id}/inspection`)
      .set('Authorization', auth.warehouse)
      .send({ outcome: 'no_fault_found', notes: `${SCRIPT} ${HYPERLINK}\r\nBcc: victim@example.com` });
    expect(inspected.status).toBe(200);
    await eventually(
      async () => world.emails.sent.filter((e) => e.data.serviceNumber === id).map((e) => e.template),
      (templates) => templates.includes('dispatched') && templates.includes('settled'),
    );
  });

  it('escapes them in every email sent for the replacement', () => {
    const sent = world.emails.sent.filter((e) => e.data.serviceNumber === id);
    expect(sent.length).toBeGreaterThanOrEqual(3);
    const rendered = sent.map((e) => ({ template: e.template, ...renderEmail(e.template, e.locale, e.data) }));
    // The customer's name is in each greeting, the inspector's notes in the settlement.
    expect(rendered.some((r) => r.html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'))).toBe(true);
    const settled = rendered.find((r) => r.template === 'settled')!;
    expect(settled.html).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
    for (const r of rendered) {
      expect(r.html).not.toMatch(/<script|HYPERLINK\("/);
      expect(r.subject).not.toMatch(/[\r\n]/);
      // A header-like line smuggled through the notes stays inside its own line of text.
      expect(r.text).not.toMatch(/^Bcc:/m);
    }
  });

  it('keeps them inside PDF strings on the label, with no active content', async () => {
    const url = new URL(dispatched.dispatch!.labelUrl ?? dispatched.returnLabel!.url);
    const res = await request(world.app)
      .get(url.pathname + url.search)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    const label = res.body as Buffer;
    const pdf = label.toString('latin1');
    expect(pdf).not.toMatch(/\/(JavaScript|JS|OpenAction|AA|Launch|URI|SubmitForm|EmbeddedFile)\b/);
    // The page's drawing operators, with every string (hex or literal) removed: none of ours.
    const stream = contentStream(label);
    const outsideStrings = stripPdfStrings(stream.replace(/<[0-9A-Fa-f]*>/g, ''));
    expect(outsideStrings).not.toContain('PWNED');
    expect(outsideStrings).not.toMatch(/\/F2 40 Tf/);
    expect(outsideStrings).not.toMatch(/script|HYPERLINK|calc/);
    // And the text is there, as text, in one string.
    expect(drawnText(label).some((t) => t.includes(') Tj ET BT /F2 40 Tf 10 10 Td (PWNED'))).toBe(true);
  });

  // No customer text reaches the ledger (its notes are ours and the provider's codes); this proves
  // that for the export. The formula escaping itself is tested in test/api/finance-ledger.test.ts.
  it('keeps them out of the ledger export, where no cell starts a formula', async () => {
    const res = await request(world.app).get('/v1/finance/ledger.csv').set('Authorization', auth.finance);
    expect(res.status).toBe(200);
    const rows = res.text.trimEnd().split('\r\n').slice(1);
    expect(rows.some((r) => r.includes(id))).toBe(true);
    for (const row of rows) {
      for (const cell of row.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
    }
    expect(res.text).not.toContain('=HYPERLINK(');
  });

  it('serves them back as JSON data only, never sniffable as markup', async () => {
    const res = await request(world.app).get(`/v1/replacements/${id}`).set('Authorization', auth.customer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body.inspection.notes).toContain(SCRIPT);
  });
});

/** A PDF with its literal strings `( … )` removed, honouring `\(`, `\)` and nesting. */
function stripPdfStrings(pdf: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < pdf.length; i++) {
    const c = pdf[i];
    if (depth > 0) {
      if (c === '\\') i += 1;
      else if (c === '(') depth += 1;
      else if (c === ')') depth -= 1;
      continue;
    }
    if (c === '(') depth = 1;
    else out += c;
  }
  return out;
}
