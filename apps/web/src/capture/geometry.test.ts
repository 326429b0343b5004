import { describe, expect, it } from 'vitest';
import { CENTRE, CORNERS, clampToTriangle, insideCanvas, linkPercentages, pointToWeights, toPercentages, weightsToPoint, type Weights } from './geometry.ts';

const sum = (w: number[]) => w.reduce((a, b) => a + b, 0);

describe('triad geometry', () => {
  it('maps the corners and the centre to their weights', () => {
    expect(pointToWeights(CORNERS[0])).toEqual([1, 0, 0]);
    expect(pointToWeights(CORNERS[1])[1]).toBeCloseTo(1);
    expect(pointToWeights(CORNERS[2])[2]).toBeCloseTo(1);
    for (const w of pointToWeights(CENTRE)) expect(w).toBeCloseTo(1 / 3);
  });

  it('round-trips weights through a point', () => {
    const w: Weights = [0.2, 0.5, 0.3];
    const back = pointToWeights(weightsToPoint(w));
    back.forEach((v, i) => expect(v).toBeCloseTo(w[i]!));
  });

  it('keeps every weight >= 0 and their sum 1, also for points outside the triangle', () => {
    for (const p of [{ x: -1, y: -1 }, { x: 2, y: 0.3 }, { x: 0.5, y: 5 }, { x: 0.1, y: 0.1 }, { x: 0.9, y: 0.05 }]) {
      const w = pointToWeights(p);
      expect(w.every((v) => v >= 0)).toBe(true);
      expect(sum(w)).toBeCloseTo(1, 10);
    }
  });

  it('clamps an outside point to the nearest edge', () => {
    const q = clampToTriangle({ x: 0.5, y: 2 });
    expect(q.x).toBeCloseTo(0.5);
    expect(q.y).toBeCloseTo(CORNERS[1].y);
  });
});

describe('linked percentages', () => {
  it('rounds weights to whole percentages summing to 100', () => {
    expect(sum(toPercentages([1 / 3, 1 / 3, 1 / 3]))).toBe(100);
    expect(toPercentages([0.505, 0.2475, 0.2475])).toEqual([50, 25, 25]);
    expect(sum(toPercentages([0.125, 0.125, 0.75]))).toBe(100);
  });

  it('shares the rest in proportion and always sums to 100', () => {
    expect(linkPercentages([20, 40, 40], 0, 60)).toEqual([60, 20, 20]);
    expect(linkPercentages([100, 0, 0], 0, 50)).toEqual([50, 25, 25]);
    expect(linkPercentages([10, 30, 60], 2, 150)).toEqual([0, 0, 100]);
    for (let v = 0; v <= 100; v += 7) expect(sum(linkPercentages([33, 33, 34], 1, v))).toBe(100);
  });
});

describe('stones on the canvas', () => {
  const half = { x: 0.1, y: 0.05 };

  it('draws a stone at its answer when it fits, and just inside the edge when it would stick out', () => {
    expect(insideCanvas({ x: 0.5, y: 0.3 }, half)).toEqual({ x: 0.5, y: 0.3 });
    expect(insideCanvas({ x: 0, y: 1 }, half)).toEqual({ x: 0.1, y: 0.95 });
    expect(insideCanvas({ x: 0.97, y: 0.02 }, half)).toEqual({ x: 0.9, y: 0.05 });
  });

  it('centres a stone wider than the canvas', () => {
    expect(insideCanvas({ x: 0, y: 0.5 }, { x: 0.6, y: 0.05 })).toEqual({ x: 0.5, y: 0.5 });
  });
});
