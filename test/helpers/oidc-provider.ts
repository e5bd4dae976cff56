// A real OpenID Connect provider (oidc-provider) in the test process, on a free port: one
// confidential client, accounts with claims, and an interaction step that signs in whichever
// account the test names next (a person typing a password, without the typing).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import { useFixture } from './fixture';

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** Claims by account id (the subject). */
  accounts: Record<string, Record<string, unknown>>;
}

export interface TestProvider {
  issuer: string;
  /** The account the next interaction signs in. */
  signInAs(accountId: string): void;
  close(): Promise<void>;
}

export async function startOidcProvider(options: TestProviderOptions): Promise<TestProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig' }] },
    ttl: { AccessToken: 600, IdToken: 600, Session: 3600, Grant: 3600, Interaction: 600, AuthorizationCode: 60 },
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    async findAccount(_ctx, id) {
      const claims = options.accounts[id];
      return claims ? { accountId: id, claims: () => ({ sub: id, ...claims }) } : undefined;
    },
    claims: { openid: ['sub'], profile: ['name'], role: ['role'] },
    scopes: ['openid', 'profile', 'role'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['oidc-test-provider-cookie-key'] },
  });

  let next: string | undefined;
  const interaction = async (req: IncomingMessage, res: ServerResponse) => {
    const details = await provider.interactionDetails(req, res);
    if (!next) throw new Error('the test did not say which account signs in');
    const grant = new provider.Grant({ accountId: next, clientId: String(details.params.client_id) });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { login: { accountId: next }, consent: { grantId } }, { mergeWithLastSubmission: false });
  };
  const callback = provider.callback();
  handle = (req, res) => {
    if (req.url?.startsWith('/interaction/')) {
      interaction(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
    } else {
      void callback(req, res);
    }
  };

  return {
    issuer,
    signInAs: (accountId) => {
      next = accountId;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The calling test file's provider: started before its tests, stopped after them. */
export function useOidcProvider(options: TestProviderOptions): TestProvider {
  return useFixture(
    'the OpenID provider',
    () => startOidcProvider(options),
    (p) => p.close(),
  );
}

/** Cookies a browser would keep for the provider (one origin, so paths are not told apart). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/**
 * Follows the provider's redirects from its authorization URL, as a browser would, until one leaves
 * the provider for `redirectUri`; returns that URL (the callback with code and state).
 */
export async function followToCallback(authorizationUrl: string, redirectUri: string, jar = new CookieJar()): Promise<URL> {
  let url = authorizationUrl;
  for (let hop = 0; hop < 8; hop++) {
    if (url.startsWith(redirectUri)) return new URL(url);
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.store(res.headers.getSetCookie());
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || !location) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
    url = new URL(location, url).href;
  }
  throw new Error(`no redirect to ${redirectUri} within 8 hops`);
}
