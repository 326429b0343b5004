import { describe, expect, it } from 'vitest';
import { ari, nmi } from './metrics.ts';

describe('nmi', () => {
  it('is 1 for the same partition under other names', () => {
    expect(nmi([0, 0, 1, 1, 2], ['b', 'b', 'a', 'a', 'c'])).toBeCloseTo(1, 12);
  });

  it('is 0 for independent partitions', () => {
    expect(nmi([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(0, 12);
  });

  it('matches a hand computation', () => {
    // Cells 2,1 / 1,2 over six items: MI = (2/3) ln 2, H(a) = ln 2, H(b) = ln 3,
    // so NMI = (2/3) ln 2 / ((ln 2 + ln 3) / 2) = (4/3) ln 2 / ln 6.
    expect(nmi([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo((4 / 3) * (Math.LN2 / Math.log(6)), 12);
  });

  it('rejects arrays of different lengths', () => {
    expect(() => nmi([0, 1], [0])).toThrow(RangeError);
  });
});

describe('ari', () => {
  it('is 1 for the same partition and -0.5 for the crossed 2x2 case', () => {
    expect(ari([0, 0, 1, 1], [5, 5, 7, 7])).toBe(1);
    // Pairs within cells 0, rows 2, columns 2; expected 2 * 2 / 6, max 2: (0 - 2/3) / (2 - 2/3).
    expect(ari([0, 0, 1, 1], [0, 1, 0, 1])).toBeCloseTo(-0.5, 12);
  });

  it('matches a hand computation', () => {
    // Cells 2,1,1,2 give 2 pairs; rows 3,3 give 6; columns 2,2,2 give 3; n = 6 gives 15.
    // Expected 6 * 3 / 15 = 1.2, max 4.5: (2 - 1.2) / (4.5 - 1.2).
    expect(ari([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(0.8 / 3.3, 12);
  });
});
