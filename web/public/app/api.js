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

/**
 * Runs one of the documents of queries.js. `bearer` defaults to the signed-in
 * token; pass `null` to ask anonymously, or a token to try before storing it.
 */
export async function graphql(document, variables = {}, bearer = token()) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: headers(
      { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      bearer,
    ),
    body: JSON.stringify({ query: document, variables }),
  });
  if (response.status === 401) throw await refusal(response);
  let body;
  try {
    body = await response.json();
  } catch {
    throw new HubError(`the hub answered ${response.status} without a readable body`);
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
