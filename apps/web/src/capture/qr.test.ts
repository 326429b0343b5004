import { describe, expect, it } from 'vitest';
import { create } from 'qrcode';
import { qrPath } from './qr.ts';

/** The dark modules the path draws, read back rectangle by rectangle. */
function drawn(d: string, size: number): Uint8Array {
  const grid = new Uint8Array(size * size);
  for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    for (let i = 0; i < Number(run); i++) grid[Number(y) * size + Number(x) + i] = 1;
  }
  return grid;
}

describe('pairing QR code', () => {
  const link = `https://vertelpunt.example.nl/kiosk#koppel=vpd_0b5e0c9e-6f1d-4c55-9a47-2b1f3b8e0d11_${'A'.repeat(43)}`;

  it('draws exactly the dark modules of the symbol', () => {
    const { size, d } = qrPath(link);
    const { modules } = create(link, { errorCorrectionLevel: 'M' });
    expect(size).toBe(modules.size);
    expect(drawn(d, size)).toEqual(Uint8Array.from(modules.data, (v) => (v ? 1 : 0)));
  });

  it('has the finder pattern in the top-left corner and fits a pairing link in a scannable size', () => {
    const { size, d } = qrPath(link);
    const grid = drawn(d, size);
    expect([...grid.slice(0, 8)]).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    // Version 7 or lower (45 modules): easily read by a tablet camera from a screen.
    expect(size).toBeLessThanOrEqual(45);
  });
});
