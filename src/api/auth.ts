// Bearer JWT authentication. One algorithm is accepted (the configured one), so a token signed
// with `none` or with a public key passed off as an HMAC secret is refused before any claim is read.
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import { ROLES, type Role } from '../domain/vocabulary';
import { problem } from './problem';

export { ROLES, type Role };
/** Every role but the customer's. */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((role) => role !== 'customer');

export interface Principal {
  sub: string;
  role: Role;
}

export type AuthConfig = Pick<Config, 'AUTH_JWT_SECRET' | 'AUTH_JWKS_URL' | 'AUTH_JWT_ALGORITHM' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>;

export interface Authenticator {
  /** Resolves the caller, or throws a 401/403 ProblemError. */
  authenticate(authorizationHeader: string | undefined): Promise<Principal>;
}

const REALM = 'express-replacement';
const CLOCK_TOLERANCE_SECONDS = 30;

export function unauthenticated(detail: string, error?: 'invalid_token' | 'invalid_request') {
  const params = [`realm="${REALM}"`];
  // Header values must be plain ASCII without quotes or backslashes.
  const description = detail.replace(/’/g, "'").replace(/[^\x20-\x7e]|["\\]/g, '');
  if (error) params.push(`error="${error}"`, `error_description="${description}"`);
  return problem('unauthenticated', detail, { headers: { 'WWW-Authenticate': `Bearer ${params.join(', ')}` } });
}

function keyFor(config: AuthConfig, jwks?: JWTVerifyGetKey): Uint8Array | JWTVerifyGetKey {
  if (config.AUTH_JWKS_URL) return jwks ?? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL));
  if (!config.AUTH_JWT_SECRET) throw new Error('AUTH_JWT_SECRET or AUTH_JWKS_URL must be configured');
  return new TextEncoder().encode(config.AUTH_JWT_SECRET);
}

/** `jwks` replaces the remote key set (tests, or a key set the process already holds). */
export function createAuthenticator(config: AuthConfig, options: { jwks?: JWTVerifyGetKey } = {}): Authenticator {
  const key = keyFor(config, options.jwks);
  const verifyOptions = {
    algorithms: [config.AUTH_JWT_ALGORITHM ?? (config.AUTH_JWKS_URL ? 'RS256' : 'HS256')],
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    // A token without an expiry would be valid forever.
    requiredClaims: ['exp', 'sub'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };

  return {
    async authenticate(header) {
      if (!header) throw unauthenticated('Send an access token: Authorization: Bearer <token>.');
      const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header);
      if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".', 'invalid_request');
      let payload: Record<string, unknown>;
      try {
        // Two calls because jwtVerify's overloads take either a key or a key resolver, not a union.
        const result = typeof key === 'function' ? await jwtVerify(match[1], key, verifyOptions) : await jwtVerify(match[1], key, verifyOptions);
        payload = result.payload;
      } catch (err) {
        // The key set could not be fetched: our outage, not a bad token.
        if (err instanceof errors.JWKSTimeout || !(err instanceof errors.JOSEError)) {
          throw problem('unavailable', 'The identity provider’s signing keys could not be fetched; try again shortly.', {
            headers: { 'Retry-After': '5' },
          });
        }
        throw unauthenticated(describeJoseError(err), 'invalid_token');
      }
      const sub = payload.sub;
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > 255) {
        throw unauthenticated('The token’s subject (sub) is missing or invalid.', 'invalid_token');
      }
      const role = payload.role;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
        throw problem('forbidden', `The token carries no role this API knows (expected one of ${ROLES.join(', ')}).`);
      }
      return { sub, role: role as Role };
    },
  };
}

/** Safe, specific reasons; never echoes the token. */
function describeJoseError(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The access token has expired.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'nbf':
        return 'The access token is not valid yet.';
      case 'iss':
        return 'The access token was issued by an untrusted issuer.';
      case 'aud':
        return 'The access token is not meant for this API (audience).';
      default:
        return `The access token’s ${err.claim} claim is missing or invalid.`;
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'The access token is signed with an algorithm this API does not accept.';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'The access token’s signature is invalid.';
  if (err instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with an unknown key.';
  return 'The access token is malformed or could not be verified.';
}
