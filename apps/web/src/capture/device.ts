import type { CaptureCollection } from './story-form.svelte.ts';

/**
 * A paired tablet or kiosk: its device token and the collection it gathers for. Both are
 * the device's own settings, never a teller's data, so they may stay in local storage.
 */
export type DeviceKind = 'tablet' | 'kiosk';

export const DEVICE_TOKEN = /^vpd_[0-9a-f-]{36}_[A-Za-z0-9_-]{43}$/;
const tokenKey = (kind: DeviceKind) => `vp.device.${kind}`;
const collectionKey = (kind: DeviceKind) => `vp.device.${kind}.collection`;

/**
 * The pairing link is `/<kind>#koppel=<token>`: a fragment never reaches a server or a log.
 * It is taken out of the address bar (and the history entry) at once.
 */
export function takePairingFromUrl(kind: DeviceKind): void {
  const m = /^#koppel=(.+)$/.exec(location.hash);
  if (!m) return;
  const token = decodeURIComponent(m[1]!);
  history.replaceState(null, '', location.pathname + location.search);
  if (DEVICE_TOKEN.test(token)) savePairing(kind, token);
}

export const deviceToken = (kind: DeviceKind): string | undefined => localStorage.getItem(tokenKey(kind)) ?? undefined;

export function savePairing(kind: DeviceKind, token: string) {
  localStorage.setItem(tokenKey(kind), token);
  localStorage.removeItem(collectionKey(kind));
}

export function forgetPairing(kind: DeviceKind) {
  localStorage.removeItem(tokenKey(kind));
  localStorage.removeItem(collectionKey(kind));
}

/** The last collection the server gave this device: what a tablet shows when offline. */
export function cachedCollection(kind: DeviceKind): CaptureCollection | undefined {
  const raw = localStorage.getItem(collectionKey(kind));
  return raw ? (JSON.parse(raw) as CaptureCollection) : undefined;
}

export function cacheCollection(kind: DeviceKind, c: CaptureCollection) {
  localStorage.setItem(collectionKey(kind), JSON.stringify(c));
}
