import type { StoryInput } from '@vertelpunt/core';

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

/** `deviceToken`: a paired tablet or kiosk speaks with its bearer token instead of a session. */
async function request<T>(method: string, url: string, body?: unknown, deviceToken?: string): Promise<T> {
  const form = body instanceof FormData;
  const auth: Record<string, string> = deviceToken ? { authorization: `Bearer ${deviceToken}` } : method === 'GET' ? {} : { 'x-csrf-token': csrfToken };
  const res = await fetch(url, {
    method,
    credentials: deviceToken ? 'omit' : 'same-origin',
    headers: { ...(body === undefined || form ? {} : { 'content-type': 'application/json' }), ...auth },
    body: body === undefined ? undefined : form ? body : JSON.stringify(body),
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

// Capture: collections, framework versions, stories and attachments, devices.
export interface LocalizedText {
  nl: string;
  [lang: string]: string | undefined;
}
export interface CaptureCollection {
  id: string;
  organisationId: string;
  name: string;
  channels: string[];
  prompts: { id: string; text: LocalizedText }[];
  anonymous: boolean;
  tellerKind: 'staff' | 'client';
  consentText: LocalizedText | null;
  opensAt: string | null;
  closesAt: string | null;
  frameworkVersionId: string;
}
export interface CollectionWithFramework<D = unknown> extends CaptureCollection {
  frameworkVersion: { id: string; status: string; definition: D };
}
/** What a capture client sends: the domain's story input, plus the staff channels. */
export type StoryBody = StoryInput & { channel?: 'web' | 'interview' };
export interface StoredStory {
  id: string;
  channel: string;
  answers: Record<string, unknown>;
}

export const listCollections = (orgId: string) => request<CaptureCollection[]>('GET', `/api/orgs/${orgId}/collections`);
export const getCollection = <D>(orgId: string, collectionId: string) => request<CollectionWithFramework<D>>('GET', `/api/orgs/${orgId}/collections/${collectionId}`);
export const deviceCollection = <D>(deviceToken: string) => request<CollectionWithFramework<D>>('GET', '/api/device/collection', undefined, deviceToken);
/** Idempotent on `body.id`: a resend of the same story answers 200 with the stored one. */
export const postStory = (body: StoryBody, deviceToken?: string) => request<StoredStory>('POST', '/api/stories', body, deviceToken);
export function postAttachment(storyId: string, file: Blob, deviceToken?: string) {
  const form = new FormData();
  form.append('file', file, 'opname');
  return request<{ id: string }>('POST', `/api/stories/${storyId}/attachments`, form, deviceToken);
}
export const createDevice = (orgId: string, body: { name: string; kind: 'tablet' | 'kiosk'; collectionId: string }) =>
  request<{ id: string; token: string; kind: string; name: string }>('POST', `/api/orgs/${orgId}/devices`, body);

/** A GET of any JSON resource of the API (views keep their own response types). */
export const getJson = <T>(url: string) => request<T>('GET', url);

/** A POST whose answer is a file (an export): the file as a Blob, or an ApiError. */
export async function postForFile(url: string, body: unknown): Promise<{ blob: Blob; filename: string }> {
  const res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
  if (!res.ok) {
    const json = await res.json().catch(() => ({}));
    throw new ApiError(res.status, json.message ?? res.statusText, json.issues);
  }
  const filename = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export';
  return { blob: await res.blob(), filename };
}
