import { describe, expect, it } from 'vitest';
import { cosine, matchClusters, maximumAssignment } from './match.ts';
import type { PreviousPattern, TermWeights } from './match.ts';

describe('maximumAssignment', () => {
  it('finds the best total where greedy would not', () => {
    // Greedy takes 0.9 (row 0 -> col 0) and is left with 0.1; the optimum is 0.8 + 0.8.
    const sims = [
      [0.9, 0.8],
      [0.8, 0.1],
    ];
    expect(Array.from(maximumAssignment(sims, 2, 2))).toEqual([1, 0]);
  });

  it('handles rectangular inputs', () => {
    expect(Array.from(maximumAssignment([[0.2], [0.7], [0.1]], 3, 1))).toEqual([-1, 0, -1]);
    expect(Array.from(maximumAssignment([[0.2, 0.9, 0.1]], 1, 3))).toEqual([1]);
  });
});

describe('matchClusters', () => {
  const previous: PreviousPattern[] = [
    { id: 'p1', terms: { schuld: 0.8, brief: 0.5, deurwaarder: 0.3 } },
    { id: 'p2', terms: { eenzaam: 0.7, buurt: 0.6, maatje: 0.4 } },
    { id: 'p7', terms: { werk: 0.9, sollicitatie: 0.4 } },
  ];

  it('keeps ids for shifted clusters in any order and gives new ones to the rest', () => {
    const next: TermWeights[] = [
      { eenzaam: 0.6, buurt: 0.6, koffie: 0.3 },
      { mantelzorg: 0.9, overbelast: 0.4 },
      { schuld: 0.7, brief: 0.6, bewind: 0.3 },
    ];
    const result = matchClusters(previous, next);
    expect(result.ids).toEqual(['p2', 'p8', 'p1']);
    expect(result.similarity[0]).toBeCloseTo(cosine(next[0]!, previous[1]!.terms), 12);
    expect(result.similarity[1]).toBeNull();
    expect(result.retired).toEqual(['p7']);
  });

  it('does not match below the threshold and uses the given id source', () => {
    let n = 0;
    const result = matchClusters(previous, [{ werk: 0.2, kind: 0.9 }], { threshold: 0.5, newId: () => `new-${++n}` });
    expect(result.ids).toEqual(['new-1']);
    expect(result.retired).toEqual(['p1', 'p2', 'p7']);
  });

  it('gives fresh ids on the first run', () => {
    expect(matchClusters([], [{ a: 1 }, { b: 1 }]).ids).toEqual(['p1', 'p2']);
  });
});
