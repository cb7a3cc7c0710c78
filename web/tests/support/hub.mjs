// The running hub under test, and tokens for it. The server is started by
// web/scripts/browser-tests.sh (or by hand) on the demo data; the tests sign
// their own tokens with the local issuer's secret.
import { createHmac } from 'node:crypto';
import { REFERENCE } from '../../public/app/queries.js';

export const BASE = (process.env.HUB_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const ORIGIN = new URL(BASE).origin;
const SECRET = process.env.HUB_JWT_SECRET;

const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** An HS256 token from the local issuer; `expiresIn` in seconds (negative: already expired). */
export function token({ role, partnerships = [], name = 'Browser test user', expiresIn = 3600 }) {
  if (!SECRET) throw new Error('set HUB_JWT_SECRET to the server’s JWT_HS256_SECRET');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: process.env.HUB_JWT_ISSUER ?? 'safeguarding-hub-dev',
    aud: 'safeguarding-hub',
    sub: `browser-test-${role}`,
    iat: now - 60,
    exp: now + expiresIn,
    name,
    role,
    partnerships,
  };
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', SECRET).update(body).digest('base64url')}`;
}

/** The partnerships' names, by one of the workspace's documents: the hub runs only those. */
export async function partnershipNames() {
  const response = await fetch(`${BASE}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: REFERENCE }),
  });
  const { data } = await response.json();
  return Object.fromEntries(data.partnerships.map((p) => [p.code, p.name]));
}
