import { describe, expect, it } from 'vitest';
import { scaleStepCount, scaleValues, scaleWidget, snapToStep } from './scale.ts';

describe('scale widget', () => {
  it('shows radio buttons up to 11 answers and a slider beyond', () => {
    expect(scaleWidget({ min: 1, max: 5, step: 1 })).toBe('radios');
    expect(scaleWidget({ min: 0, max: 10, step: 1 })).toBe('radios');
    expect(scaleWidget({ min: -5, max: 5, step: 1 })).toBe('radios');
    expect(scaleWidget({ min: 0, max: 1, step: 0.1 })).toBe('radios');
    expect(scaleWidget({ min: 0, max: 11, step: 1 })).toBe('slider');
    expect(scaleWidget({ min: 0, max: 100, step: 1 })).toBe('slider');
    expect(scaleWidget({ min: 0, max: 100, step: 10 })).toBe('radios');
  });

  it('counts the answers of a range without float noise', () => {
    expect(scaleStepCount({ min: 0, max: 1, step: 0.1 })).toBe(11);
    expect(scaleValues({ min: 0, max: 1, step: 0.1 })).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    // A max that is not on a step is not an answer.
    expect(scaleValues({ min: 1, max: 8, step: 3 })).toEqual([1, 4, 7]);
  });

  it('snaps a slider position to the nearest step inside the range', () => {
    expect(snapToStep({ min: 0, max: 100, step: 1 }, 50)).toBe(50);
    expect(snapToStep({ min: 0, max: 100, step: 5 }, 52.6)).toBe(55);
    expect(snapToStep({ min: 0, max: 1, step: 0.05 }, 0.15000000000000002)).toBe(0.15);
    expect(snapToStep({ min: 1, max: 8, step: 3 }, 100)).toBe(7);
    expect(snapToStep({ min: 0, max: 100, step: 1 }, -3)).toBe(0);
  });
});
