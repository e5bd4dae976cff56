// Sign-in through an OpenID Connect provider: authorization code with PKCE (and state and nonce),
// this service the confidential client. The provider's metadata is discovered on first use and
// kept; a failed discovery is tried again on the next sign-in.
import * as oidc from 'openid-client';
import type { Config } from '../config';
import { roleFromClaims } from '../domain/session';
import { ROLES, type Role } from '../domain/vocabulary';
import type { PendingSignIn } from '../ports/sessions';
import { problem } from './problem';

export interface OidcConfig {
  OIDC_ISSUER_URL: string;
  OIDC_CLIENT_ID: string;
  OIDC_CLIENT_SECRET: string;
  OIDC_REDIRECT_URL: string;
  OIDC_ROLE_CLAIM: string;
  OIDC_SCOPES: string;
}

export interface OidcIdentity {
  sub: string;
  role: Role;
  name: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The OIDC settings when sign-in goes through a provider (the config schema checked they are complete). */
export function oidcConfigOf(config: Config): OidcConfig | null {
  const { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL } = config;
  if (!OIDC_ISSUER_URL || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !OIDC_REDIRECT_URL) return null;
  return { OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL, OIDC_ROLE_CLAIM: config.OIDC_ROLE_CLAIM, OIDC_SCOPES: config.OIDC_SCOPES };
}

const providerUnavailable = () =>
  problem('unavailable', 'The identity provider could not be reached; try signing in again shortly.', { headers: { 'Retry-After': '5' } });

export class OidcSignIn {
  private discovered: Promise<oidc.Configuration> | undefined;

  constructor(private readonly config: OidcConfig) {}

  private provider(): Promise<oidc.Configuration> {
    const issuer = new URL(this.config.OIDC_ISSUER_URL);
    // Plain http only to a provider on this machine (development, tests).
    const execute = issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname) ? [oidc.allowInsecureRequests] : [];
    this.discovered ??= oidc
      .discovery(issuer, this.config.OIDC_CLIENT_ID, undefined, oidc.ClientSecretBasic(this.config.OIDC_CLIENT_SECRET), { execute })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw err;
      });
    return this.discovered.catch(() => {
      throw providerUnavailable();
    });
  }

  /** A fresh sign-in: what to keep until the callback, and where to send the browser. */
  async start(returnTo: string): Promise<{ pending: PendingSignIn; url: string }> {
    const provider = await this.provider();
    const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier(), returnTo };
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: this.config.OIDC_REDIRECT_URL,
      scope: this.config.OIDC_SCOPES,
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { pending, url: url.href };
  }

  /** Finishes the sign-in from the callback's query string; the role comes from the configured claim. */
  async finish(query: string, pending: PendingSignIn): Promise<OidcIdentity> {
    const provider = await this.provider();
    // The URL the provider redirected to, as registered (the request may have come through a proxy).
    const callbackUrl = new URL(this.config.OIDC_REDIRECT_URL);
    callbackUrl.search = query;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw refusalOf(err);
    }
    const idClaims = tokens.claims();
    if (!idClaims) throw problem('bad-request', 'The identity provider returned no ID token; sign in again.');
    let claims: Record<string, unknown> = { ...idClaims };
    if (roleFromClaims(claims, this.config.OIDC_ROLE_CLAIM) === null || typeof claims.name !== 'string') {
      // Many providers put profile and custom claims only in the UserInfo response.
      try {
        claims = { ...(await oidc.fetchUserInfo(provider, tokens.access_token, idClaims.sub)), ...claims };
      } catch (err) {
        throw refusalOf(err);
      }
    }
    const role = roleFromClaims(claims, this.config.OIDC_ROLE_CLAIM);
    if (role === null) {
      throw problem(
        'forbidden',
        `Your account carries no role this service knows (claim "${this.config.OIDC_ROLE_CLAIM}"; expected one of ${ROLES.join(', ')}). Ask an administrator to give you a role, then sign in again.`,
      );
    }
    const name = [claims.name, claims.preferred_username, claims.email].find((v): v is string => typeof v === 'string' && v.length > 0) ?? idClaims.sub;
    return { sub: idClaims.sub, role, name };
  }
}

function refusalOf(err: unknown) {
  if (err instanceof oidc.AuthorizationResponseError) {
    return problem('forbidden', `The identity provider refused the sign-in (${err.error}${err.error_description ? `: ${err.error_description}` : ''}).`);
  }
  if (err instanceof oidc.ResponseBodyError || err instanceof oidc.ClientError) {
    return problem('bad-request', 'The sign-in could not be completed with the identity provider; start again at /auth/sign-in.');
  }
  return providerUnavailable();
}
