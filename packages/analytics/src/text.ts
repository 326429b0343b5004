import { createRequire } from 'node:module';
import porterEn from 'natural/lib/natural/stemmers/porter_stemmer.js';
import porterNl from 'natural/lib/natural/stemmers/porter_stemmer_nl.js';
import { RegexpTokenizer } from 'natural/lib/natural/tokenizers/regexp_tokenizer.js';
import SentimentAnalyzer from 'natural/lib/natural/sentiment/SentimentAnalyzer.js';
import stopEn from 'natural/lib/natural/util/stopwords.js';
import stopNl from 'natural/lib/natural/util/stopwords_nl.js';
import stopFr from 'natural/lib/natural/util/stopwords_fr.js';
import stopEs from 'natural/lib/natural/util/stopwords_es.js';
import stopIt from 'natural/lib/natural/util/stopwords_it.js';
import stopPt from 'natural/lib/natural/util/stopwords_pt.js';
import stopSv from 'natural/lib/natural/util/stopwords_sv.js';
import stopNo from 'natural/lib/natural/util/stopwords_no.js';
import { stemDutch, stemEnglish } from './porter.ts';

export type Lang = 'nl' | 'en' | 'other';

// natural's aggressive tokenizers split on anything outside [a-zA-Z], which cuts Dutch
// words such as "geëmigreerd" or "één" in two; a Unicode letter class keeps them whole.
const wordTokenizer = new RegexpTokenizer({ pattern: /[\p{L}\p{N}]+/gu, gaps: false });

/** Lower-cased word tokens (letters and digits; punctuation, apostrophes and hyphens split). */
export function tokenize(text: string): string[] {
  return wordTokenizer.tokenize(text.toLowerCase()) ?? [];
}

// natural's Dutch list is short (and has 'je ' with a stray space); these are the function
// words and auxiliaries that otherwise end up as cluster keywords.
const EXTRA_NL = `je jij jou jouw jullie hen zijn haar onze uw hunne zichzelf elkaar wordt werd werden
  worden geworden is was waren ben bent zijn hebben heb hebt heeft had hadden gehad kunnen kan kon
  konden zullen zal zult zou zouden moeten moet moest moesten mogen mag mocht willen wil wilde
  wilden gaan ga gaat ging gingen komen komt kwam kwamen laten laat liet doen doet deed gedaan
  maken maakt maakte staan staat stond een het ook nog al elk elke ieder iedere waar waarin waarop
  waarbij waardoor waarmee hierin daarin daarom daarna daarmee daardoor daarbij daarvan hierbij
  hiervan sommige veel vele meeste minder meer alle allemaal beide zoals tussen onder boven tijdens
  sinds vanaf via per rond rondom binnen buiten achter voor na bijvoorbeeld echter wanneer terwijl
  hoewel dus welke welk erg zeer heel vaak soms nooit steeds vooral ongeveer zelfs even weer eerst
  later waarom wanneer zo'n zulke dezelfde hetzelfde andere ander anders enkele enige eigen
  meestal mits nadat omdat opdat tenzij totdat zodat zodra doordat aldus bovendien evenals noch
  hierdoor ervan erop erin eruit ermee erover erbij eraan erna ertoe erg`;
const EXTRA_EN = `also although among amongst around became become becomes becoming besides
  either else even ever every everyone everything however just may might much neither often
  one onto per perhaps quite rather several since thus toward towards upon us whereas whether
  within without yet will shall can't won't isn't aren't wasn't don't doesn't didn't
  it's i'm he's she's they're we're there's been being i'd i've almost already always
  another anyone anything else enough etc first last less least many mostly nor
  not nothing often others otherwise put seem seemed seems so those though three two`;

function wordSet(...lists: readonly (readonly string[])[]): Set<string> {
  const set = new Set<string>();
  for (const list of lists) {
    for (const raw of list) {
      const word = raw.trim();
      // The natural lists also hold single letters and digits; tokens that short are dropped
      // anyway, and keeping them out keeps the language scores meaningful.
      if (word.length > 1) set.add(word);
    }
  }
  return set;
}
const split = (s: string): string[] => s.split(/\s+/).filter(Boolean);

const STOP_NL = wordSet(stopNl.words, split(EXTRA_NL));
const STOP_EN = wordSet(stopEn.words, split(EXTRA_EN));
const STOP_OTHER = wordSet([...STOP_NL], [...STOP_EN]);

/** The stop-word list used for a language ('other' gets Dutch and English together). */
export function stopWords(lang: Lang): ReadonlySet<string> {
  return lang === 'nl' ? STOP_NL : lang === 'en' ? STOP_EN : STOP_OTHER;
}

type Stemmer = (word: string) => string;
const identity: Stemmer = (word) => word;
function stemmerFor(lang: Lang): Stemmer {
  return lang === 'nl' ? stemDutch : lang === 'en' ? stemEnglish : identity;
}

/** Porter stem (natural's Dutch or English stemmer, see porter.ts); 'other' is left as is. */
export function stem(word: string, lang: Lang): string {
  return stemmerFor(lang)(word);
}

// ---------------------------------------------------------------------------------------
// Language detection

// Function-word lists of the languages we must tell apart from Dutch and English. German has
// no list in natural, so it gets a short one here.
const STOP_DE = wordSet(
  split(`der die das und ist nicht ich sie es ein eine einen dem den des mit sich auf für
  von zu im auch als wird werden wurde sind war hat haben aber oder wenn noch nach bei aus
  um wie nur so dass vom zum zur über unter kann können sein seine ihr ihre uns wir`),
);
const FOREIGN_STOPS: readonly Set<string>[] = [
  STOP_DE,
  wordSet(stopFr.words),
  wordSet(stopEs.words),
  wordSet(stopIt.words),
  wordSet(stopPt.words),
  wordSet(stopSv.words),
  wordSet(stopNo.words),
];
const DETECT_NL = wordSet(stopNl.words);
const DETECT_EN = wordSet(stopEn.words);
const ALL_STOP_LISTS = [DETECT_NL, DETECT_EN, ...FOREIGN_STOPS];

// A word shared by several lists ("de", "die", "in") is weak evidence for each of them.
const stopWeight = new Map<string, number>();
for (const list of ALL_STOP_LISTS) {
  for (const w of list) stopWeight.set(w, (stopWeight.get(w) ?? 0) + 1);
}

// Character-trigram model for Dutch vs English, for text without function words (keyword
// lists, the pre-cleaned complaint narratives). Trained on natural's own Dutch and English
// word lists (the pattern sentiment lexicons and stop words), so it is independent of any
// corpus we evaluate on.
const requireCjs = createRequire(import.meta.url);
function lexiconWords(path: string): string[] {
  const lexicon = requireCjs(path) as Record<string, unknown>;
  return Object.keys(lexicon).map((w) => w.toLowerCase());
}

interface TrigramModel {
  readonly logOdds: Map<string, number>;
}
function trainTrigrams(nlWords: readonly string[], enWords: readonly string[]): TrigramModel {
  const count = (words: readonly string[]) => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const w of words) {
      const padded = ` ${w} `;
      for (let i = 0; i + 3 <= padded.length; i++) {
        const g = padded.slice(i, i + 3);
        counts.set(g, (counts.get(g) ?? 0) + 1);
        total++;
      }
    }
    return { counts, total };
  };
  const nl = count(nlWords);
  const en = count(enWords);
  const vocab = new Set([...nl.counts.keys(), ...en.counts.keys()]);
  const logOdds = new Map<string, number>();
  for (const g of vocab) {
    const pNl = ((nl.counts.get(g) ?? 0) + 0.5) / (nl.total + 0.5 * vocab.size);
    const pEn = ((en.counts.get(g) ?? 0) + 0.5) / (en.total + 0.5 * vocab.size);
    logOdds.set(g, Math.log(pNl / pEn));
  }
  return { logOdds };
}
const trigrams = trainTrigrams(
  [...lexiconWords('natural/lib/natural/sentiment/Dutch/pattern-sentiment-nl.json'), ...DETECT_NL],
  [...lexiconWords('natural/lib/natural/sentiment/English/pattern-sentiment-en.json'), ...DETECT_EN],
);

export interface LanguageScores {
  /** Weighted function-word hits per candidate. */
  readonly stopNl: number;
  readonly stopEn: number;
  readonly stopForeign: number;
  /** Sum of Dutch-vs-English character-trigram log odds (positive means Dutch). */
  readonly trigramLogOdds: number;
  readonly letterTokens: number;
  /** Share of letters in the Latin script. */
  readonly latinShare: number;
}

/** What detection needs to know about one distinct word; cached per corpus. */
interface WordEvidence {
  readonly letters: number;
  readonly latin: number;
  readonly stopNl: number;
  readonly stopEn: number;
  readonly stopForeign: Float64Array | null;
  readonly logOdds: number;
}

const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;

function wordEvidence(token: string): WordEvidence {
  let letters = 0;
  let latin = 0;
  for (let i = 0; i < token.length; i++) {
    const code = token.charCodeAt(i);
    // Tokens are lower-cased, so ASCII letters are a-z; the Unicode tests are only needed
    // (and only paid for) beyond ASCII.
    if (code < 128) {
      if (code >= 97 && code <= 122) {
        letters++;
        latin++;
      }
    } else {
      const ch = token[i]!;
      if (LETTER.test(ch)) {
        letters++;
        if (LATIN.test(ch)) latin++;
      }
    }
  }
  const shared = stopWeight.get(token);
  let stopForeign: Float64Array | null = null;
  if (shared !== undefined) {
    stopForeign = new Float64Array(FOREIGN_STOPS.length);
    FOREIGN_STOPS.forEach((list, i) => {
      if (list.has(token)) stopForeign![i] = 1 / shared;
    });
  }
  let logOdds = 0;
  if (letters > 0) {
    const padded = ` ${token} `;
    for (let i = 0; i + 3 <= padded.length; i++) logOdds += trigrams.logOdds.get(padded.slice(i, i + 3)) ?? 0;
  }
  return {
    letters,
    latin,
    stopNl: shared !== undefined && DETECT_NL.has(token) ? 1 / shared : 0,
    stopEn: shared !== undefined && DETECT_EN.has(token) ? 1 / shared : 0,
    stopForeign,
    logOdds,
  };
}

function scoreEvidence(words: readonly (WordEvidence | null)[], count = words.length): LanguageScores {
  let stopNlScore = 0;
  let stopEnScore = 0;
  const foreign = new Float64Array(FOREIGN_STOPS.length);
  let logOdds = 0;
  let letterTokens = 0;
  let letters = 0;
  let latin = 0;
  for (let w = 0; w < count; w++) {
    const e = words[w]!;
    if (e.letters === 0) continue;
    letterTokens++;
    letters += e.letters;
    latin += e.latin;
    stopNlScore += e.stopNl;
    stopEnScore += e.stopEn;
    if (e.stopForeign) for (let i = 0; i < foreign.length; i++) foreign[i]! += e.stopForeign[i]!;
    logOdds += e.logOdds;
  }
  return {
    stopNl: stopNlScore,
    stopEn: stopEnScore,
    stopForeign: Math.max(0, ...foreign),
    trigramLogOdds: logOdds,
    letterTokens,
    latinShare: letters > 0 ? latin / letters : 0,
  };
}

export function languageScores(text: string): LanguageScores {
  return scoreEvidence(tokenize(text).map(wordEvidence));
}

function decideLanguage(s: LanguageScores): Lang {
  if (s.letterTokens < 2 || s.latinShare < 0.5) return 'other';
  // Running text is a third or more function words; a few stray hits in a long keyword-like
  // text ("na", "sent") are not evidence of a language, so hits only count when dense.
  const dense = Math.max(2, 0.15 * s.letterTokens);
  const best = Math.max(s.stopNl, s.stopEn);
  if (s.stopForeign >= dense && s.stopForeign > 1.5 * best) return 'other';
  if (best >= dense && Math.abs(s.stopNl - s.stopEn) >= 1) return s.stopNl > s.stopEn ? 'nl' : 'en';
  // The trigram evidence scales with text length; a small margin per word is required so
  // that a single ambiguous word is not forced into either language.
  const margin = 0.5 * s.letterTokens;
  if (s.trigramLogOdds > margin) return 'nl';
  if (s.trigramLogOdds < -margin) return 'en';
  if (best > 0 && s.stopNl !== s.stopEn) return s.stopNl > s.stopEn ? 'nl' : 'en';
  return 'other';
}

/**
 * Dutch, English or something else. Function words decide when there are enough of them
 * (another language's function words clearly ahead means 'other'); otherwise character
 * trigrams decide between Dutch and English. Text with fewer than two words, or mostly
 * in a non-Latin script, is 'other'.
 */
export function detectLanguage(text: string): Lang {
  return decideLanguage(languageScores(text));
}

// ---------------------------------------------------------------------------------------
// Sentiment

let analyzers: { nl: SentimentAnalyzer; en: SentimentAnalyzer } | undefined;

/**
 * Mean polarity per word in [-1, 1], using natural's SentimentAnalyzer with the Pattern
 * lexicons: the only Dutch vocabulary natural has is Pattern's (with Dutch negations), and
 * English uses Pattern too so that scores are on the same scale across languages. Stop words
 * are kept on purpose: negations such as "niet" and "not" are stop words. 'other' gives 0.
 */
export function sentiment(text: string, lang: Lang): number {
  if (lang === 'other') return 0;
  analyzers ??= {
    nl: new SentimentAnalyzer('Dutch', porterNl, 'pattern'),
    en: new SentimentAnalyzer('English', porterEn, 'pattern'),
  };
  const tokens = tokenize(text);
  if (tokens.length === 0) return 0;
  return analyzers[lang].getSentiment(tokens);
}

// ---------------------------------------------------------------------------------------
// Corpus preparation

/** Maps stems back to the surface word seen most often, so labels read as words. */
export class SurfaceForms {
  private readonly counts = new Map<string, Map<string, number>>();

  add(stemmed: string, surface: string, times = 1): void {
    let forms = this.counts.get(stemmed);
    if (forms === undefined) {
      forms = new Map();
      this.counts.set(stemmed, forms);
    }
    forms.set(surface, (forms.get(surface) ?? 0) + times);
  }

  /** The most frequent surface word for a stem (ties: the shorter, then alphabetical). */
  label(stemmed: string): string {
    const forms = this.counts.get(stemmed);
    if (forms === undefined) return stemmed;
    let best = stemmed;
    let bestCount = -1;
    for (const [surface, n] of forms) {
      if (
        n > bestCount ||
        (n === bestCount && (surface.length < best.length || (surface.length === best.length && surface < best)))
      ) {
        best = surface;
        bestCount = n;
      }
    }
    return best;
  }
}

export interface PrepareOptions {
  /** Force one language for all texts instead of detecting per text. */
  readonly lang?: Lang;
  /** Tokens shorter than this are dropped (default 2). */
  readonly minTokenLength?: number;
}

export interface PreparedCorpus {
  /** Per text: stems with stop words, numbers and short tokens removed. */
  readonly docs: string[][];
  readonly langs: Lang[];
  readonly surfaces: SurfaceForms;
}

/** Tokenise, drop stop words, stem, and remember surface forms: the input to `tfidf`. */
export function prepareCorpus(texts: readonly string[], options: PrepareOptions = {}): PreparedCorpus {
  const minLength = options.minTokenLength ?? 2;
  // Vocabularies are Zipfian, so everything per word (detection evidence, the stem per
  // language, surface counts) is worked out once per distinct word, with one map lookup per
  // token; surface counts are grouped by stem at the end.
  const entries = new Map<string, WordEntry>();
  const docs: string[][] = [];
  const langs: Lang[] = [];
  let words: WordEntry[] = [];
  let evidence: (WordEvidence | null)[] = [];
  for (const text of texts) {
    const tokens = tokenize(text);
    if (words.length < tokens.length) {
      words = new Array<WordEntry>(tokens.length);
      evidence = new Array<WordEvidence | null>(tokens.length);
    }
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      let entry = entries.get(token);
      if (entry === undefined) {
        entry = { token, evidence: options.lang ? null : wordEvidence(token), stems: [undefined, undefined, undefined], counts: [0, 0, 0] };
        entries.set(token, entry);
      }
      words[t] = entry;
      evidence[t] = entry.evidence;
    }
    const lang = options.lang ?? decideLanguage(scoreEvidence(evidence, tokens.length));
    const slot = LANG_SLOT[lang];
    const stops = stopWords(lang);
    const stemmer = stemmerFor(lang);
    const doc: string[] = [];
    for (let t = 0; t < tokens.length; t++) {
      const entry = words[t]!;
      let stemmed = entry.stems[slot];
      if (stemmed === undefined) {
        const token = entry.token;
        stemmed = token.length < minLength || stops.has(token) || !LETTER.test(token) ? null : stemmer(token);
        // A stem can itself collapse to a stop word or to nothing.
        if (stemmed !== null && (stemmed.length < minLength || stops.has(stemmed))) stemmed = null;
        entry.stems[slot] = stemmed;
      }
      if (stemmed === null) continue;
      doc.push(stemmed);
      entry.counts[slot]!++;
    }
    docs.push(doc);
    langs.push(lang);
  }
  const surfaces = new SurfaceForms();
  for (const entry of entries.values()) {
    for (let slot = 0; slot < 3; slot++) {
      const stemmed = entry.stems[slot];
      if (stemmed && entry.counts[slot]! > 0) surfaces.add(stemmed, entry.token, entry.counts[slot]!);
    }
  }
  return { docs, langs, surfaces };
}

interface WordEntry {
  readonly token: string;
  readonly evidence: WordEvidence | null;
  /** Stem per language slot; null when the word is dropped, undefined until needed. */
  readonly stems: (string | null | undefined)[];
  readonly counts: number[];
}
const LANG_SLOT: Record<Lang, number> = { nl: 0, en: 1, other: 2 };
