import fc from 'fast-check';
import porterEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import porterNl from 'natural/lib/natural/stemmers/porter_stemmer_nl.js';
import { describe, expect, it } from 'vitest';
import { stemDutch, stemEnglish } from './porter.ts';
import { corpusTitle, haveCorpora, readCorpus } from './test-data.ts';
import { tokenize } from './text.ts';

/** Words on which ours and natural's stemmer disagree, as "word: ours != natural". */
function mismatches(words: Iterable<string>, ours: (w: string) => string, natural: (w: string) => string): string[] {
  const out: string[] = [];
  for (const w of words) {
    const a = ours(w);
    const b = natural(w);
    if (a !== b) out.push(`${w}: ${a} != ${b}`);
  }
  return out;
}

// Letters chosen to hit every rule: vowels, y in all positions, doubled consonants, the
// suffix letters of steps 2 to 5, and accented and non-Latin letters.
const letters = 'aeiouyybcdgklmnrsttzwxvfhjpq'.split('');
const dutchLetters = [...letters, 'ë', 'é', 'ï', 'ü', 'ö'];
const wordsOf = (alphabet: string[]) => fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 12 }).map((cs) => cs.join(''));

describe('stemEnglish', () => {
  it('gives natural\'s output on textbook cases', () => {
    for (const w of ['caresses', 'ponies', 'feed', 'agreed', 'plastered', 'motoring', 'conflated', 'hopping', 'filing', 'happy', 'sky', 'relational', 'triplicate', 'revival', 'adjustment', 'adoption', 'controll', 'rate', 'syzygy', 'yyyy', 'flying', 'player']) {
      expect(stemEnglish(w), w).toBe(porterEn.stem(w));
    }
  });

  it('matches natural on random words', () => {
    fc.assert(fc.property(wordsOf(letters), (w) => stemEnglish(w) === porterEn.stem(w)), { numRuns: 20_000 });
  });

  it.skipIf(!haveCorpora)(corpusTitle('matches natural on every word of the English corpora'), () => {
    const words = new Set<string>();
    for (const name of ['complaints_en', 'sib200_en', 'sib200_nl']) for (const row of readCorpus(name)) for (const w of tokenize(row.text)) words.add(w);
    expect(words.size).toBeGreaterThan(10_000);
    expect(mismatches(words, stemEnglish, (w) => porterEn.stem(w))).toEqual([]);
  });
});

describe('stemDutch', () => {
  it('gives natural\'s output on textbook cases', () => {
    for (const w of ['gesprekken', 'schulden', 'mogelijkheden', 'koeien', 'maybe', 'ijverig', 'vrijheid', 'geëmigreerd', 'ideeën', 'lichamelijk', 'opbrengsten', 'baarde', 'ongelooflijk']) {
      expect(stemDutch(w), w).toBe(porterNl.stem(w));
    }
  });

  it('matches natural on random words', () => {
    fc.assert(fc.property(wordsOf(dutchLetters), (w) => stemDutch(w) === porterNl.stem(w)), { numRuns: 20_000 });
  });

  it.skipIf(!haveCorpora)(corpusTitle('matches natural on every word of the corpora'), () => {
    const words = new Set<string>();
    for (const name of ['sib200_nl', 'sib200_en', 'complaints_en']) for (const row of readCorpus(name)) for (const w of tokenize(row.text)) words.add(w);
    expect(mismatches(words, stemDutch, (w) => porterNl.stem(w))).toEqual([]);
  });
});
