// The daemon's API as the page uses it: the session cookie goes with every request (same origin),
// and every request that changes something carries the session's CSRF token, which the page keeps
// in memory only.

let csrf = null;
let onSignedOut = () => {};

/** An answer other than 2xx: the daemon's {error, detail} plus the rest of its body. */
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.detail || body?.error || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error ?? `http_${status}`;
    this.body = body ?? {};
  }
}

export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** Asks whether the cookie still holds a session; true and the CSRF token kept when it does. */
export async function resume() {
  try {
    const s = await request('GET', '/v1/console/session', undefined, { quiet: true });
    csrf = s.csrf;
    return true;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return false;
    throw e;
  }
}

export async function signIn(token) {
  const s = await request('POST', '/v1/console/login', { token }, { quiet: true });
  csrf = s.csrf;
}

export async function signOut() {
  try {
    await request('POST', '/v1/console/logout', {});
  } finally {
    csrf = null;
  }
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const patch = (path, body) => request('PATCH', path, body);
export const del = (path) => request('DELETE', path);

async function request(method, path, body, { quiet = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-Polytrace-CSRF'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = new ApiError(response.status, typeof payload === 'object' ? payload : { detail: payload });
    if (response.status === 401 && !quiet) {
      csrf = null;
      onSignedOut();
    }
    throw error;
  }
  return payload;
}

/** Path segment for an id or name from the daemon. */
export const seg = (s) => encodeURIComponent(s);
