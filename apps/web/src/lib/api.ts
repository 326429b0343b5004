/** A thin client for the Vertelpunt API: same origin, session cookie, CSRF header on writes. */
export interface Membership {
  organisationId: string;
  organisationName: string;
  role: string;
}
export interface Session {
  user: { id: string; email: string; name: string };
  csrfToken: string;
  memberships: Membership[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

let csrfToken = '';

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, json.message ?? res.statusText, json.issues);
  return json as T;
}

export async function currentSession(): Promise<Session | null> {
  try {
    const s = await request<Session>('GET', '/api/auth/session');
    csrfToken = s.csrfToken;
    return s;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export async function login(email: string, password: string): Promise<Session> {
  const s = await request<Session>('POST', '/api/auth/login', { email, password });
  csrfToken = s.csrfToken;
  return s;
}

export const logout = () => request<void>('POST', '/api/auth/logout');

export interface StoryPage {
  items: { id: string; title: string | null; text: string; channel: string; receivedAt: string }[];
  nextCursor: string | null;
}
export const recentStories = (orgId: string) => request<StoryPage>('GET', `/api/orgs/${orgId}/stories?limit=10`);
