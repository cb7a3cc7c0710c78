// Talking to the hub: GraphQL over HTTP with the user's bearer token, and the
// CSV export endpoints. The token lives in sessionStorage only: never in a
// URL, never logged, gone when the tab closes or the user signs out.

const TOKEN_KEY = 'hub.workspace.token';
const NOTICE_KEY = 'hub.workspace.notice';

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** A message to show once on the next page (e.g. why the user was signed out). */
export function leaveNotice(message) {
  sessionStorage.setItem(NOTICE_KEY, message);
}

export function takeNotice() {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

/** The hub refused the token: expired, badly signed, or from an unknown issuer. */
export class RefusedToken extends Error {}

/** The request ran but the hub answered with errors (bad input, not found, ...). */
export class HubError extends Error {}

function headers(extra, bearer) {
  const h = { ...extra };
  if (bearer) h.Authorization = `Bearer ${bearer}`;
  return h;
}

async function refusal(response) {
  let message = 'the token was refused';
  try {
    const body = await response.json();
    message = body.errors?.[0]?.message ?? message;
  } catch {
    // The message is best effort; the status says enough.
  }
  return new RefusedToken(message);
}

const digests = new Map();

/**
 * The SHA-256 of a document's text (hex), the name the hub's trusted-documents
 * manifest gives it; null where the browser offers no digest (a page served
 * over plain HTTP from another host than localhost).
 */
function sha256(text) {
  if (!globalThis.crypto?.subtle) return Promise.resolve(null);
  if (!digests.has(text)) {
    const bytes = new TextEncoder().encode(text);
    digests.set(
      text,
      crypto.subtle.digest('SHA-256', bytes).then((d) => [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')),
    );
  }
  return digests.get(text);
}

async function send(request, bearer) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: headers(
      { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      bearer,
    ),
    body: JSON.stringify(request),
  });
  if (response.status === 401) throw await refusal(response);
  try {
    return await response.json();
  } catch {
    throw new HubError(`the hub answered ${response.status} without a readable body`);
  }
}

const FALL_BACK = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/**
 * Runs one of the documents of queries.js. `bearer` defaults to the signed-in
 * token; pass `null` to ask anonymously, or a token to try before storing it.
 *
 * The document goes by its hash, as Apollo's persisted-query link sends it:
 * the hub knows the workspace's documents from its manifest
 * (web/persisted-documents.json), and a hub without it asks for the text once.
 */
export async function graphql(document, variables = {}, bearer = token()) {
  const hash = await sha256(document);
  let body;
  if (hash) {
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    body = await send({ variables, extensions }, bearer);
    if (body.errors?.some((e) => FALL_BACK.has(e.extensions?.code))) {
      body = await send({ query: document, variables, extensions }, bearer);
    }
  } else {
    body = await send({ query: document, variables }, bearer);
  }
  if (body.errors?.length) {
    // Aliased fields fail alike: say each message once.
    throw new HubError([...new Set(body.errors.map((e) => e.message))].join('; '));
  }
  return body.data;
}

/**
 * Downloads an export endpoint's CSV with the user's token (a plain link could
 * not carry it) and saves it under the name the hub gives.
 */
export async function downloadExport(url) {
  const response = await fetch(url, { headers: headers({ Accept: 'text/csv' }, token()) });
  if (response.status === 401) throw await refusal(response);
  if (!response.ok) {
    let message = `the export answered ${response.status}`;
    try {
      message = (await response.json()).errors?.[0]?.message ?? message;
    } catch {
      // keep the status
    }
    throw new HubError(message);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export.csv';
  save(name, await response.blob());
}

/** Saves a blob as a file through a same-origin object URL. */
export function save(name, blob) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The development token, when the hub runs in development; otherwise null. */
export async function developmentToken() {
  try {
    const response = await fetch('/workspace/development-token', { headers: { Accept: 'application/json' } });
    if (!response.ok) return null;
    return await response.json();
  } catch {
    return null;
  }
}
