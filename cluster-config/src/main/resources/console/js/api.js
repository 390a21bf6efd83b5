// The admin session and the calls the console makes. The tokens live in this module only: never in
// localStorage or a cookie, so a reload signs out and nothing outlives the tab.
let session = null;
const listeners = new Set();

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function onSessionChange(listener) {
  listeners.add(listener);
}

export function signedIn() {
  return session !== null;
}

export function who() {
  return session?.email ?? null;
}

export async function signIn(email, password) {
  const answer = await call('POST', '/api/v1/auth/token', { grant_type: 'password', email, password }, false);
  const roles = claims(answer.access_token).roles ?? [];
  if (!roles.includes('admin')) {
    throw new ApiError(403, { detail: 'this account is not an admin' });
  }
  session = { email, access: answer.access_token, refresh: answer.refresh_token ?? null };
  listeners.forEach(listener => listener());
}

export function signOut() {
  const refresh = session?.refresh;
  session = null;
  listeners.forEach(listener => listener());
  if (refresh) {
    call('POST', '/api/v1/auth/revoke', { refresh_token: refresh }, false).catch(() => {});
  }
}

export const get = path => call('GET', path);
export const post = (path, body) => call('POST', path, body ?? {});

async function call(method, path, body, authenticated = true, retried = false) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (authenticated && session) {
    headers.Authorization = `Bearer ${session.access}`;
  }
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (response.status === 401 && authenticated && session?.refresh && !retried) {
    if (await refresh()) {
      return call(method, path, body, authenticated, true);
    }
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    if (response.status === 401 && authenticated) {
      signOut();
    }
    throw new ApiError(response.status, json);
  }
  return json;
}

// access tokens last minutes: a refresh keeps an open console signed in, rotating the refresh token
async function refresh() {
  try {
    const answer = await call('POST', '/api/v1/auth/token',
      { grant_type: 'refresh_token', refresh_token: session.refresh }, false);
    session = { ...session, access: answer.access_token, refresh: answer.refresh_token ?? null };
    return true;
  } catch {
    return false;
  }
}

function claims(jwt) {
  const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload.padEnd(payload.length + (4 - payload.length % 4) % 4, '=')));
}
