export const DEFAULT_IDLE_SECONDS = 60;

/** `?idle=<seconds>` shortens the kiosk's idle timeout (for tests and demos); 60 s otherwise. */
export function idleSecondsFrom(search: string): number {
  const raw = new URLSearchParams(search).get('idle');
  const v = raw === null ? NaN : Number(raw);
  return Number.isFinite(v) && v >= 1 && v <= 3600 ? v : DEFAULT_IDLE_SECONDS;
}
