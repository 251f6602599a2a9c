/**
 * `npm run -s token -- --role ROLE [--building ID ...] [--uscc USCC] [--department DEPT]
 *  [--purpose CODE] [--case ID] [--delegation ID] [--sub NAME] [--ttl SECONDS]`
 * Prints only a bearer token (JWT, HS256) signed with the gateway's development key — or with
 * GATEWAY_JWT_SECRET when set — that the locally started stack accepts. Bad arguments: a message
 * on stderr and exit code 2. Not for production: the production gateway refuses HS256 tokens.
 */
import { parseArgs } from 'node:util';
import { AuthFailure, TOKEN_ROLES, signDevToken } from '@district/gateway/auth/index';

const USAGE = `usage: npm run -s token -- --role ROLE [--building ID ...] [--uscc USCC] [--department DEPT] [--purpose CODE] [--case ID] [--delegation ID] [--sub NAME] [--ttl SECONDS]
roles: ${TOKEN_ROLES.join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: Record<string, string | string[] | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      role: { type: 'string' },
      building: { type: 'string', multiple: true },
      uscc: { type: 'string' },
      department: { type: 'string' },
      purpose: { type: 'string' },
      case: { type: 'string' },
      delegation: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (process.env.NODE_ENV === 'production') fail('development tokens are not accepted in production (GATEWAY_JWKS_URL); get a token from the identity provider');
const role = values.role as string | undefined;
if (!role) fail('--role is required');
const ttl = values.ttl === undefined ? 3600 : Number(values.ttl);
if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 86_400) fail(`--ttl must be a whole number of seconds from 1 to ${7 * 86_400}, got "${values.ttl}"`);

const claims = {
  role,
  ...(values.sub ? { sub: values.sub as string } : {}),
  ...(values.building ? { buildings: values.building as string[] } : {}),
  ...(values.uscc ? { uscc: values.uscc as string } : {}),
  ...(values.department ? { department: values.department as string } : {}),
  ...(values.purpose ? { purpose: values.purpose as string } : {}),
  ...(values.case ? { caseId: values.case as string } : {}),
  ...(values.delegation ? { delegation: values.delegation as string } : {}),
};
try {
  const token = await signDevToken(claims, {
    ttlSeconds: ttl,
    secret: process.env.GATEWAY_JWT_SECRET || undefined,
    issuer: process.env.GATEWAY_JWT_ISSUER || undefined,
    audience: process.env.GATEWAY_JWT_AUDIENCE || undefined,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  if (error instanceof AuthFailure) fail(error.message);
  throw error;
}
