import { create } from 'qrcode';

/**
 * A QR code as one SVG path in module units (`size` modules a side), so Svelte can draw it
 * as ordinary markup: no canvas, no injected HTML, nothing the CSP has to allow.
 * Each run of dark modules in a row is one rectangle.
 */
export function qrPath(text: string): { size: number; d: string } {
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      let run = 1;
      while (x + run < size && data[y * size + x + run]) run++;
      d += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size, d };
}
