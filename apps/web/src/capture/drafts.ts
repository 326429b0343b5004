import type { Draft } from './story-form.svelte.ts';

/**
 * Unfinished stories on a staff device (web, interview, tablet) are kept while typing, so a
 * closed tab or an empty battery loses nothing. A kiosk never keeps a draft.
 */
const key = (scope: string, collectionId: string) => `vp.draft.${scope}.${collectionId}`;

export function loadDraft(scope: string, collectionId: string): (Draft & { id: string }) | undefined {
  try {
    const raw = localStorage.getItem(key(scope, collectionId));
    return raw ? (JSON.parse(raw) as Draft & { id: string }) : undefined;
  } catch {
    return undefined;
  }
}

export function saveDraft(scope: string, collectionId: string, draft: Draft & { id: string }) {
  localStorage.setItem(key(scope, collectionId), JSON.stringify(draft));
}

export function clearDraft(scope: string, collectionId: string) {
  localStorage.removeItem(key(scope, collectionId));
}
