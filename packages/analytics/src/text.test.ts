import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corpusTitle, haveCorpora, readCorpus } from './test-data.ts';
import { detectLanguage, prepareCorpus, prepareTerms, sentiment, stem, stopWords, SurfaceForms, tokenize } from './text.ts';
import type { Lang } from './text.ts';

describe('tokenize', () => {
  it('lower-cases and keeps Dutch diacritics inside words', () => {
    expect(tokenize('Geëmigreerd naar Curaçao, één kind; auto’s!')).toEqual([
      'geëmigreerd',
      'naar',
      'curaçao',
      'één',
      'kind',
      'auto',
      's',
    ]);
  });
});

describe('stem and stop words', () => {
  it('stems Dutch and English with natural', () => {
    expect(stem('gesprekken', 'nl')).toBe(stem('gesprek', 'nl'));
    expect(stem('schulden', 'nl')).toBe('schuld');
    expect(stem('debts', 'en')).toBe('debt');
    expect(stem('running', 'en')).toBe('run');
    expect(stem('running', 'other')).toBe('running');
  });

  it('has function words for both languages, including the ones natural lacks', () => {
    expect(stopWords('nl').has('het')).toBe(true);
    expect(stopWords('nl').has('je')).toBe(true);
    expect(stopWords('nl').has('wordt')).toBe(true);
    expect(stopWords('en').has('the')).toBe(true);
    expect(stopWords('nl').has('schuld')).toBe(false);
    expect(stopWords('other').has('het') && stopWords('other').has('the')).toBe(true);
  });
});

describe('detectLanguage', () => {
  it('tells Dutch, English and other languages apart', () => {
    expect(detectLanguage('Mevrouw had grote schulden en durfde de post niet meer open te maken.')).toBe('nl');
    expect(detectLanguage('She had large debts and no longer dared to open her mail.')).toBe('en');
    expect(detectLanguage('Der Hund ist nicht in dem Haus und die Katze auch nicht.')).toBe('other');
    expect(detectLanguage('Le chien est dans la maison avec les enfants.')).toBe('other');
    expect(detectLanguage('Привет, как дела у тебя сегодня?')).toBe('other');
    expect(detectLanguage('ok')).toBe('other');
  });

  it('recognises keyword-like text without function words by its letters', () => {
    expect(detectLanguage('schuldhulpverlening budgetcoach gemeente uitkering')).toBe('nl');
    expect(detectLanguage('debt collection agency reporting inquiry')).toBe('en');
  });

  it.skipIf(!haveCorpora)(corpusTitle('is accurate on the labelled corpora'), () => {
    for (const name of ['sib200_nl', 'sib200_en', 'complaints_en']) {
      const rows = readCorpus(name);
      const correct = rows.filter((r) => detectLanguage(r.text) === r.lang).length;
      const accuracy = correct / rows.length;
      console.log(`language detection ${name}: ${(accuracy * 100).toFixed(1)}% of ${rows.length}`);
      expect(accuracy).toBeGreaterThanOrEqual(0.98);
    }
  });
});

describe('sentiment', () => {
  it('scores with the Pattern lexicons and honours negation', () => {
    expect(sentiment('Het gesprek was heel goed en prettig.', 'nl')).toBeGreaterThan(0);
    expect(sentiment('Het was een slecht en vervelend gesprek.', 'nl')).toBeLessThan(0);
    expect(sentiment('Het gesprek was niet goed.', 'nl')).toBeLessThan(0);
    expect(sentiment('The meeting was good and helpful.', 'en')).toBeGreaterThan(0);
    expect(sentiment('The meeting was bad.', 'en')).toBeLessThan(0);
    expect(sentiment('whatever', 'other')).toBe(0);
  });
});

describe('prepareCorpus', () => {
  it('drops stop words and numbers, stems per detected language and remembers surface forms', () => {
    const prepared = prepareCorpus([
      'De kinderen hadden schulden bij de gemeente, 3 schulden in 2023.',
      'Het kind had een schuld en de kinderen waren bang.',
      'The children had debts with the council.',
    ]);
    expect(prepared.langs).toEqual(['nl', 'nl', 'en']);
    expect(prepared.docs[0]).toEqual([stem('kinderen', 'nl'), 'schuld', stem('gemeente', 'nl'), 'schuld']);
    expect(prepared.docs[2]).toEqual(['children', 'debt', 'council']);
    // "schulden" is seen twice and "schuld" once, so the label is the plural.
    expect(prepared.surfaces.label('schuld')).toBe('schulden');
  });

  it('can be forced to one language', () => {
    expect(prepareCorpus(['the children'], { lang: 'nl' }).langs).toEqual(['nl']);
  });
});

describe('prepareCorpus against tokenize, detectLanguage and stem', () => {
  // prepareCorpus scans the characters itself and caches per distinct word; it must give
  // what tokenising, detecting and stemming each text on its own gives.
  function perText(text: string, minLength = 2): { lang: Lang; stems: string[] } {
    const lang = detectLanguage(text);
    const stops = stopWords(lang);
    const stems: string[] = [];
    for (const token of tokenize(text)) {
      if (token.length < minLength || stops.has(token) || !/\p{L}/u.test(token)) continue;
      const stemmed = stem(token, lang);
      if (stemmed.length >= minLength && !stops.has(stemmed)) stems.push(stemmed);
    }
    return { lang, stems };
  }

  it('finds the words tokenize() finds, in any script and with broken surrogates', () => {
    const pieces = [
      'a', 'b', 'Z', 'é', 'É', 'ß', 'İ', 'ﬁ', 'Σ', 'ж', '中', '1', '٣', ' ', '.', "'", '-', '\u00a0',
      '\u0301', '\u{1d49c}', '\u{1f600}', '\ud800', '\udc00', 'de', 'the', 'schuld',
    ];
    const text = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 6 }), (texts) => {
        const prepared = prepareCorpus(texts, { lang: 'other', minTokenLength: 1 });
        const stops = stopWords('other');
        texts.forEach((t, i) => {
          expect(prepared.docs[i]).toEqual(tokenize(t).filter((w) => !stops.has(w) && /\p{L}/u.test(w)));
        });
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('detects and stems each text as it would on its own', () => {
    const texts = [
      'De kinderen hadden schulden bij de gemeente, 3 schulden in 2023.',
      'The children had debts with the council.',
      'schuldhulpverlening budgetcoach gemeente uitkering',
      'Der Hund ist nicht in dem Haus und die Katze auch nicht.',
      'Привет, как дела у тебя сегодня?',
      'ok',
      '',
      ...(haveCorpora ? ['sib200_nl', 'sib200_en'].flatMap((name) => readCorpus(name).map((r) => r.text)) : []),
    ];
    const prepared = prepareCorpus(texts);
    texts.forEach((text, i) => {
      const expected = perText(text);
      expect(prepared.langs[i]).toBe(expected.lang);
      expect(prepared.docs[i]).toEqual(expected.stems);
    });
    // One text at a time takes the direct route; it gives what the corpus route gives.
    texts.forEach((text, i) => {
      const one = prepareCorpus([text]);
      expect(one.langs[0]).toBe(prepared.langs[i]);
      expect(one.docs[0]).toEqual(prepared.docs[i]);
      expect(one.docs[0]).toEqual(prepareTerms([text]).docs[0]);
      for (const term of new Set(one.docs[0])) expect(one.surfaces.label(term)).toBe(prepareTerms([text]).surfaces.label(term));
      expect(prepareCorpus([text], { lang: 'en', minTokenLength: 3 }).docs[0]).toEqual(prepareTerms([text], { lang: 'en', minTokenLength: 3 }).docs[0]);
    });
    const short = prepareCorpus(texts.slice(0, 3), { minTokenLength: 4 });
    texts.slice(0, 3).forEach((text, i) => expect(short.docs[i]).toEqual(perText(text, 4).stems));
  });
});

describe('SurfaceForms', () => {
  it('grows past any starting capacity', () => {
    const forms = new SurfaceForms(100);
    for (let i = 0; i < 500; i++) forms.add(`stam${i}`, `woord${i}`);
    expect(forms.label('stam0')).toBe('woord0');
    expect(forms.label('stam499')).toBe('woord499');
  });

  it('prefers the most frequent form, then the shorter', () => {
    const forms = new SurfaceForms();
    forms.add('werk', 'werken', 2);
    forms.add('werk', 'werk', 2);
    forms.add('werk', 'werkt', 1);
    expect(forms.label('werk')).toBe('werk');
    forms.add('werk', 'werken');
    expect(forms.label('werk')).toBe('werken');
    expect(forms.label('onbekend')).toBe('onbekend');
    // Equal counts and lengths: alphabetical, whatever the order of adding.
    forms.add('loop', 'lopen', 3);
    forms.add('loop', 'loops', 3);
    forms.add('loop', 'lopen');
    forms.add('loop', 'loops');
    expect(forms.label('loop')).toBe('loops');
  });
});
