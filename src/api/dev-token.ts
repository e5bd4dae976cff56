// Prints a signed development token: npm run token -- --role warehouse --sub alice [--ttl 8h]
// Uses the same AUTH_* configuration as the API, so the token works against a local server.
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { loadConfigOrExit } from '../config';
import { ROLES, type Role } from './auth';

export async function signDevToken(
  config: { AUTH_JWT_SECRET?: string; AUTH_JWT_ALGORITHM: string; AUTH_ISSUER?: string; AUTH_AUDIENCE?: string },
  claims: { sub: string; role: Role; ttl?: string },
): Promise<string> {
  if (!config.AUTH_JWT_SECRET || !config.AUTH_JWT_ALGORITHM.startsWith('HS')) {
    throw new Error('dev tokens need an HMAC secret (AUTH_JWT_SECRET); with a JWKS, get tokens from the identity provider');
  }
  let jwt = new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: config.AUTH_JWT_ALGORITHM, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(claims.ttl ?? '8h');
  if (config.AUTH_ISSUER) jwt = jwt.setIssuer(config.AUTH_ISSUER);
  if (config.AUTH_AUDIENCE) jwt = jwt.setAudience(config.AUTH_AUDIENCE);
  return jwt.sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
}

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', default: 'customer' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const usage = `usage: npm run token -- --role <${ROLES.join('|')}> --sub <subject> [--ttl 8h]\n`;
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  if (!(ROLES as readonly string[]).includes(values.role!)) {
    process.stderr.write(`unknown role "${values.role}"\n${usage}`);
    process.exit(64);
  }
  const role = values.role as Role;
  const config = loadConfigOrExit();
  const token = await signDevToken(config, { sub: values.sub ?? `dev-${role}`, role, ttl: values.ttl });
  process.stdout.write(`${token}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
