import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_SECONDS, idleSecondsFrom } from './kiosk-settings.ts';

describe('kiosk idle timeout', () => {
  it('is 60 seconds unless the address asks for another', () => {
    expect(DEFAULT_IDLE_SECONDS).toBe(60);
    expect(idleSecondsFrom('')).toBe(60);
    expect(idleSecondsFrom('?idle=3')).toBe(3);
    expect(idleSecondsFrom('?idle=0')).toBe(60);
    expect(idleSecondsFrom('?idle=abc')).toBe(60);
    expect(idleSecondsFrom('?idle=')).toBe(60);
  });
});
