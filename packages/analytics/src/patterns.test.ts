import { describe, expect, it } from 'vitest';
import { ari, nmi } from './metrics.ts';
import { findPatterns } from './patterns.ts';
import { createRng } from './random.ts';
import { denseFeatures } from './tfidf.ts';
import { corpusTitle, haveCorpora, readCorpus } from './test-data.ts';

const THEMES = {
  schulden: ['schulden', 'deurwaarder', 'aanmaning', 'budgetcoach', 'betalingsregeling', 'incasso', 'huurachterstand'],
  eenzaamheid: ['eenzaam', 'buurvrouw', 'maatje', 'koffieochtend', 'buurthuis', 'contact', 'vrijwilliger'],
  werk: ['sollicitatie', 'werkgever', 'stage', 'uitkering', 'cv', 'werkervaring', 're-integratie'],
};

function stories(perTheme: number, seed: number): { texts: string[]; themes: string[] } {
  const rng = createRng(seed);
  const pick = (words: readonly string[]) => words[Math.floor(rng() * words.length)]!;
  const texts: string[] = [];
  const themes: string[] = [];
  for (let i = 0; i < perTheme; i++) {
    for (const [theme, words] of Object.entries(THEMES)) {
      texts.push(
        `Vandaag sprak ik met meneer over ${pick(words)} en ${pick(words)}. ` +
          `Hij vertelde dat de ${pick(words)} lastig was, maar de ${pick(words)} hielp echt.`,
      );
      themes.push(theme);
    }
  }
  return { texts, themes };
}

describe('findPatterns', () => {
  it('finds the themes of short Dutch stories, with readable keywords', () => {
    const { texts, themes } = stories(30, 1);
    const result = findPatterns(texts, { k: 3 });
    expect(nmi(themes, result.labels)).toBeGreaterThan(0.8);
    expect(result.langs.every((l) => l === 'nl')).toBe(true);
    const allWords = new Set(Object.values(THEMES).flat());
    for (const cluster of result.clusters) {
      expect(cluster.keywords.length).toBeGreaterThan(3);
      // Keywords are surface words from the stories, not stems.
      expect(cluster.keywords.filter((w) => allWords.has(w)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('chooses k itself when not given', () => {
    const { texts } = stories(30, 2);
    const result = findPatterns(texts, { kRange: [2, 6] });
    expect(result.k).toBe(3);
    expect(result.kScores?.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]);
  });

  it('lets signifier features shape the clusters and reports their profile', () => {
    // Identical texts; only the triad weights tell two groups apart.
    const texts = Array.from({ length: 40 }, () => 'Gesprek over schulden en de budgetcoach.');
    const triads = Array.from({ length: 40 }, (_, i) => (i < 20 ? [0.7, 0.2, 0.1] : [0.1, 0.2, 0.7]));
    const result = findPatterns(texts, { k: 2, features: denseFeatures(triads), featureWeight: 0.5 });
    const truth = triads.map((t) => (t[0]! > 0.5 ? 'a' : 'b'));
    expect(ari(truth, result.labels)).toBe(1);
    const profiles = result.clusters.map((c) => c.profile![0]).sort();
    expect(profiles[0]).toBeCloseTo(0.1, 9);
    expect(profiles[1]).toBeCloseTo(0.7, 9);
  });

  // Reference from shared/data/README.md: scikit-learn TF-IDF + KMeans, k = labels, 3 seeds.
  const reference: Record<string, number> = { sib200_nl: 0.047, sib200_en: 0.073, complaints_en: 0.23 };
  it.skipIf(!haveCorpora)(corpusTitle('beats the scikit-learn NMI on the labelled corpora'), () => {
    for (const [name, target] of Object.entries(reference)) {
      const rows = readCorpus(name);
      const truth = rows.map((r) => r.label);
      const k = new Set(truth).size;
      const scores = [0, 1, 2].map((seed) => nmi(truth, findPatterns(rows.map((r) => r.text), { k, seed }).labels));
      const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
      console.log(`NMI ${name}: ${mean.toFixed(3)} (seeds ${scores.map((s) => s.toFixed(3)).join(', ')}; sklearn ${target})`);
      expect(mean).toBeGreaterThanOrEqual(target);
    }
  });
});
