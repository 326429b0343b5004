import { describe, expect, it } from 'vitest';
import { normalQuantile, studentTQuantile, wilsonInterval } from './stats.ts';

describe('quantiles', () => {
  it('normal quantile matches the table', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326348, 6);
  });

  it('Student t quantile matches the table', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 4);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764, 4);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 4);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 4);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.2281, 4);
  });
});

describe('wilsonInterval', () => {
  it('matches the textbook value for 8 of 10', () => {
    const { low, high } = wilsonInterval(8, 10);
    expect(low).toBeCloseTo(0.4902, 4);
    expect(high).toBeCloseTo(0.9433, 4);
  });

  it('stays inside [0, 1] at the edges', () => {
    const none = wilsonInterval(0, 5);
    expect(none.low).toBe(0);
    expect(none.high).toBeGreaterThan(0.3);
    expect(wilsonInterval(5, 5).high).toBe(1);
  });
});
