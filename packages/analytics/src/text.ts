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
  /** The same for trigrams of code units below 1024, keyed by packTrigram (no string made). */
  readonly packed: Map<number, number>;
}
const packTrigram = (a: number, b: number, c: number): number => (a << 20) | (b << 10) | c;
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
  const packed = new Map<number, number>();
  for (const [g, odds] of logOdds) {
    const [a, b, c] = [g.charCodeAt(0), g.charCodeAt(1), g.charCodeAt(2)];
    if (a < 1024 && b < 1024 && c < 1024) packed.set(packTrigram(a, b, c), odds);
  }
  return { logOdds, packed };
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
    for (let i = 0; i + 3 <= padded.length; i++) {
      const a = padded.charCodeAt(i);
      const b = padded.charCodeAt(i + 1);
      const c = padded.charCodeAt(i + 2);
      logOdds +=
        (a < 1024 && b < 1024 && c < 1024
          ? trigrams.packed.get(packTrigram(a, b, c))
          : trigrams.logOdds.get(padded.slice(i, i + 3))) ?? 0;
    }
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

function scoreEvidence(words: readonly WordEvidence[]): LanguageScores {
  let stopNlScore = 0;
  let stopEnScore = 0;
  const foreign = new Float64Array(FOREIGN_STOPS.length);
  let logOdds = 0;
  let letterTokens = 0;
  let letters = 0;
  let latin = 0;
  for (const e of words) {
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
  private readonly stems: WordTable;
  /** `capacity`: stems expected; it grows past it. */
  constructor(capacity = 1024) {
    this.stems = new WordTable(capacity);
  }
  /** Per stem (by its id in `stems`): its surface words in order of first addition, and counts. */
  private readonly forms: string[][] = [];
  private readonly counts: number[][] = [];

  add(stemmed: string, surface: string, times = 1): void {
    const id = this.stems.intern(stemmed, 0, stemmed.length, hashOf(stemmed));
    if (id === this.forms.length) {
      this.forms.push([surface]);
      this.counts.push([times]);
      return;
    }
    const forms = this.forms[id]!;
    const at = forms.indexOf(surface);
    if (at < 0) {
      forms.push(surface);
      this.counts[id]!.push(times);
    } else this.counts[id]![at]! += times;
  }

  /** The most frequent surface word for a stem (ties: the shorter, then alphabetical). */
  label(stemmed: string): string {
    const id = this.stems.find(stemmed, 0, stemmed.length, hashOf(stemmed));
    if (id < 0) return stemmed;
    const forms = this.forms[id]!;
    const counts = this.counts[id]!;
    let best = stemmed;
    let bestCount = -1;
    for (let f = 0; f < forms.length; f++) {
      const surface = forms[f]!;
      const n = counts[f]!;
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
  // One story (enrichment, on every arrival): the corpus tables would cost more to set up
  // than the text takes to prepare; the direct route gives the same (text.test.ts).
  if (texts.length === 1) return prepareOne(texts[0]!, options);
  const { docs, langs, surfaces } = prepareTerms(texts, options);
  return { docs, langs, surfaces };
}

/**
 * The stem a token contributes, or null when it is dropped: too short, a stop word, no letter,
 * or a stem that itself collapses to a stop word or to too little.
 */
function stemOrDrop(token: string, minLength: number, stops: ReadonlySet<string>, stemmer: Stemmer): string | null {
  if (token.length < minLength || stops.has(token) || !LETTER.test(token)) return null;
  const stemmed = stemmer(token);
  return stemmed.length < minLength || stops.has(stemmed) ? null : stemmed;
}

/** prepareCorpus of a single text, word by word: tokenize, detect, drop stop words, stem. */
function prepareOne(text: string, options: PrepareOptions): PreparedCorpus {
  const minLength = options.minTokenLength ?? 2;
  const tokens = tokenize(text);
  const lang = options.lang ?? decideLanguage(scoreEvidence(tokens.map(wordEvidence)));
  const stops = stopWords(lang);
  const stemmer = stemmerFor(lang);
  const stemOf = new Map<string, string | null>();
  const seen = new Map<string, number>();
  const doc: string[] = [];
  for (const token of tokens) {
    let stemmed = stemOf.get(token);
    if (stemmed === undefined) {
      stemmed = stemOrDrop(token, minLength, stops, stemmer);
      stemOf.set(token, stemmed);
    }
    if (stemmed === null) continue;
    doc.push(stemmed);
    seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  const surfaces = new SurfaceForms(16);
  for (const [token, n] of seen) surfaces.add(stemOf.get(token)!, token, n);
  return { docs: [doc], langs: [lang], surfaces };
}

/**
 * The prepared corpus with every document's stems also as ids into `terms`, flat:
 * document d is ids[offsets[d]..offsets[d+1]). What `tfidfFromIds` takes, so that the
 * stems need not be looked up by string a second time.
 */
export interface PreparedTerms extends PreparedCorpus {
  readonly terms: readonly string[];
  readonly ids: Int32Array;
  readonly offsets: Int32Array;
}

/**
 * prepareCorpus, in one pass over the characters of each text. Vocabularies are Zipfian,
 * so everything per word (detection evidence, the stem per language, surface counts) is
 * worked out once per distinct word, which the word table finds straight from the text:
 * a token costs a scan and a hash probe, with no string, array or regex match made for it.
 * The tokens are tokenize()'s, and the detected language is detectLanguage()'s, with its
 * sums taken in the same order (text.test.ts checks both against them).
 */
export function prepareTerms(texts: readonly string[], options: PrepareOptions = {}): PreparedTerms {
  const minLength = options.minTokenLength ?? 2;
  // Tables sized for the input (a word takes two characters or more, with its separator), so
  // that one story (enrichment) does not pay for a corpus' tables; they grow as needed.
  let chars = 0;
  for (const t of texts) chars += t.length;
  let capacity = 16;
  while (capacity < 1024 && capacity * 3 < chars) capacity *= 2;
  const words = new WordTable(capacity);
  const evidence = new EvidenceTable(capacity);
  // Stem id per word and language slot (STEM_UNKNOWN until needed, STEM_DROPPED for a
  // stop word, a number or a too-short word), and how often each word had that slot.
  const stemOf = [new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity)];
  const slotCounts = [new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity)];
  for (const a of stemOf) a.fill(STEM_UNKNOWN);
  const stemTable = new WordTable(capacity);
  const terms = stemTable.keys;
  const docs: string[][] = new Array<string[]>(texts.length);
  const langs: Lang[] = new Array<Lang>(texts.length);
  const offsets = new Int32Array(texts.length + 1);
  let ids = new Int32Array(capacity);
  let nIds = 0;
  let tokens = new Int32Array(Math.min(256, capacity));
  const foreign = new Float64Array(FOREIGN_STOPS.length);

  for (let d = 0; d < texts.length; d++) {
    const text = texts[d]!.toLowerCase();
    const length = text.length;
    let count = 0;
    for (let i = 0; i < length; ) {
      // Hash the code units of the word that starts here, if one does (ASCII and the
      // other units of the BMP are looked up; a surrogate takes the slow path).
      const start = i;
      let hash = FNV_OFFSET;
      while (i < length) {
        const c = text.charCodeAt(i);
        const kind = WORD_UNITS[c]!;
        if (kind === WORD) {
          hash = Math.imul(hash ^ c, FNV_PRIME);
          i++;
          continue;
        }
        if (kind === NOT_WORD) break;
        const width = wordUnitWidth(text, i);
        if (width === 0) break;
        hash = Math.imul(hash ^ c, FNV_PRIME);
        if (width === 2) hash = Math.imul(hash ^ text.charCodeAt(i + 1), FNV_PRIME);
        i += width;
      }
      if (i === start) {
        i++;
        continue;
      }
      if (count === tokens.length) tokens = grow(tokens, count * 2);
      tokens[count++] = words.intern(text, start, i, hash);
    }
    if (words.size > stemOf[0]!.length) {
      const size = Math.max(words.size, stemOf[0]!.length * 2);
      for (let slot = 0; slot < 3; slot++) {
        stemOf[slot] = grow(stemOf[slot]!, size, STEM_UNKNOWN);
        slotCounts[slot] = grow(slotCounts[slot]!, size);
      }
    }

    let lang = options.lang;
    if (lang === undefined) {
      evidence.cover(words);
      lang = decideLanguage(evidence.score(tokens, count, foreign));
    }
    const slot = LANG_SLOT[lang];
    const stems = stemOf[slot]!;
    const counts = slotCounts[slot]!;
    const stops = stopWords(lang);
    const stemmer = stemmerFor(lang);
    if (nIds + count > ids.length) ids = grow(ids, Math.max(nIds + count, ids.length * 2));
    const first = nIds;
    for (let t = 0; t < count; t++) {
      const word = tokens[t]!;
      let id = stems[word]!;
      if (id === STEM_UNKNOWN) {
        const token = words.keys[word]!;
        const stemmed = stemOrDrop(token, minLength, stops, stemmer);
        if (stemmed === null) id = STEM_DROPPED;
        else id = stemTable.intern(stemmed, 0, stemmed.length, hashOf(stemmed));
        stems[word] = id;
      }
      if (id === STEM_DROPPED) continue;
      ids[nIds++] = id;
      counts[word]!++;
    }
    const doc = new Array<string>(nIds - first);
    for (let t = first; t < nIds; t++) doc[t - first] = terms[ids[t]!]!;
    docs[d] = doc;
    langs[d] = lang;
    offsets[d + 1] = nIds;
  }

  // Surface counts, grouped by stem, in order of first appearance of the word (as a Map of
  // the words would iterate them).
  const surfaces = new SurfaceForms(capacity);
  for (let word = 0; word < words.size; word++) {
    for (let slot = 0; slot < 3; slot++) {
      const id = stemOf[slot]![word]!;
      const n = slotCounts[slot]![word]!;
      if (id >= 0 && n > 0) surfaces.add(terms[id]!, words.keys[word]!, n);
    }
  }
  return { docs, langs, surfaces, terms, ids: ids.slice(0, nIds), offsets };
}

const LANG_SLOT: Record<Lang, number> = { nl: 0, en: 1, other: 2 };
const STEM_UNKNOWN = -2;
const STEM_DROPPED = -1;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(word: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), FNV_PRIME);
  return hash;
}

function grow(array: Int32Array, size: number, fill = 0): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(size);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}

// tokenize()'s pattern /[\p{L}\p{N}]+/u, one code point at a time: whether a code unit of
// the BMP is a letter or digit, filled in as units are met (UNKNOWN: not yet). ASCII is
// filled in up front. Surrogates stay UNKNOWN: a pair is classified as the code point it
// encodes, and a lone surrogate is a code point of its own to the regex, not a letter.
const UNKNOWN = 0;
const WORD = 1;
const NOT_WORD = 2;
const WORD_UNITS = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) {
  WORD_UNITS[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? WORD : NOT_WORD;
}
const WORD_CODE_POINT = /^[\p{L}\p{N}]$/u;
const astralWordPoints = new Map<number, boolean>();

/** Code units the word character at `i` takes (1, or 2 for a surrogate pair); 0 if none. */
function wordUnitWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdfff) {
    const low = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
    if (c > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) return 0;
    const point = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
    let isWord = astralWordPoints.get(point);
    if (isWord === undefined) {
      isWord = WORD_CODE_POINT.test(String.fromCodePoint(point));
      astralWordPoints.set(point, isWord);
    }
    return isWord ? 2 : 0;
  }
  let kind = WORD_UNITS[c]!;
  if (kind === UNKNOWN) {
    kind = WORD_CODE_POINT.test(String.fromCharCode(c)) ? WORD : NOT_WORD;
    WORD_UNITS[c] = kind;
  }
  return kind === WORD ? 1 : 0;
}

/**
 * Distinct words by id, in order of first appearance, in an open-addressing hash table
 * keyed by the words' code units (kept side by side in one pool, so that comparing a
 * candidate reads no string), so that a word can be found from its place in a text.
 */
class WordTable {
  readonly keys: string[] = [];
  private hashes: Int32Array;
  private starts: Int32Array;
  private lengths: Int32Array;
  private pool: Uint16Array;
  private poolSize = 0;
  /** Word id + 1 per slot; 0 is empty. */
  private slots: Int32Array;

  /** `capacity`: words expected; the table grows past it. */
  constructor(capacity = 1024) {
    // Probing masks with slots.length - 1: the sizes must be powers of two.
    capacity = 2 ** Math.ceil(Math.log2(Math.max(16, capacity)));
    this.hashes = new Int32Array(capacity);
    this.starts = new Int32Array(capacity);
    this.lengths = new Int32Array(capacity);
    this.pool = new Uint16Array(capacity * 8);
    this.slots = new Int32Array(capacity * 2);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The id of text[start..end), added if new; `hash` is hashOf that word. */
  intern(text: string, start: number, end: number, hash: number): number {
    const slot = this.probe(text, start, end, hash);
    const entry = this.slots[slot]!;
    if (entry !== 0) return entry - 1;
    this.slots[slot] = this.keys.length + 1;
    return this.add(text, start, end, hash);
  }

  /** The id of text[start..end), or -1 if it is not in the table. */
  find(text: string, start: number, end: number, hash: number): number {
    return this.slots[this.probe(text, start, end, hash)]! - 1;
  }

  /** The slot that holds the word, or the empty slot where it would go. */
  private probe(text: string, start: number, end: number, hash: number): number {
    const length = end - start;
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const entry = this.slots[s]!;
      if (entry === 0) return s;
      const id = entry - 1;
      if (this.hashes[id] === hash && this.lengths[id] === length) {
        const pool = this.pool;
        const at = this.starts[id]! - start;
        let j = start;
        while (j < end && pool[at + j] === text.charCodeAt(j)) j++;
        if (j === end) return s;
      }
    }
  }

  private add(text: string, start: number, end: number, hash: number): number {
    const id = this.keys.length;
    const length = end - start;
    this.keys.push(text.slice(start, end));
    if (id === this.hashes.length) {
      this.hashes = grow(this.hashes, id * 2);
      this.starts = grow(this.starts, id * 2);
      this.lengths = grow(this.lengths, id * 2);
    }
    if (this.poolSize + length > this.pool.length) {
      const pool = new Uint16Array(Math.max(this.poolSize + length, this.pool.length * 2));
      pool.set(this.pool);
      this.pool = pool;
    }
    for (let j = 0; j < length; j++) this.pool[this.poolSize + j] = text.charCodeAt(start + j);
    this.hashes[id] = hash;
    this.starts[id] = this.poolSize;
    this.lengths[id] = length;
    this.poolSize += length;
    if (2 * this.keys.length > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.keys.length; id++) {
      let s = this.hashes[id]! & mask;
      while (slots[s] !== 0) s = (s + 1) & mask;
      slots[s] = id + 1;
    }
    this.slots = slots;
  }
}

/** wordEvidence per word of a WordTable, in columns, and the per-text scoring over them. */
class EvidenceTable {
  private size = 0;
  private letters: Int32Array;
  private latin: Int32Array;
  private stopNl: Float64Array;
  private stopEn: Float64Array;
  private logOdds: Float64Array;
  /** Row in `foreignRows` of the word's foreign stop-word weights; -1 for none. */
  private foreignRow: Int32Array;
  private foreignRows: Float64Array[] = [];

  constructor(capacity = 1024) {
    this.letters = new Int32Array(capacity);
    this.latin = new Int32Array(capacity);
    this.stopNl = new Float64Array(capacity);
    this.stopEn = new Float64Array(capacity);
    this.logOdds = new Float64Array(capacity);
    this.foreignRow = new Int32Array(capacity);
  }

  /** Works out the evidence of the words added to the table since the last call. */
  cover(words: WordTable): void {
    if (words.size > this.letters.length) {
      const size = Math.max(words.size, this.letters.length * 2);
      const grow64 = (a: Float64Array) => {
        const grown = new Float64Array(size);
        grown.set(a);
        return grown;
      };
      this.letters = grow(this.letters, size);
      this.latin = grow(this.latin, size);
      this.foreignRow = grow(this.foreignRow, size);
      this.stopNl = grow64(this.stopNl);
      this.stopEn = grow64(this.stopEn);
      this.logOdds = grow64(this.logOdds);
    }
    for (; this.size < words.size; this.size++) {
      const w = this.size;
      const e = wordEvidence(words.keys[w]!);
      this.letters[w] = e.letters;
      this.latin[w] = e.latin;
      this.stopNl[w] = e.stopNl;
      this.stopEn[w] = e.stopEn;
      this.logOdds[w] = e.logOdds;
      this.foreignRow[w] = e.stopForeign ? this.foreignRows.push(e.stopForeign) - 1 : -1;
    }
  }

  /** scoreEvidence over the words of one text, with `foreign` as scratch. */
  score(words: Int32Array, count: number, foreign: Float64Array): LanguageScores {
    let stopNlScore = 0;
    let stopEnScore = 0;
    foreign.fill(0);
    let logOdds = 0;
    let letterTokens = 0;
    let letters = 0;
    let latin = 0;
    for (let t = 0; t < count; t++) {
      const w = words[t]!;
      const l = this.letters[w]!;
      if (l === 0) continue;
      letterTokens++;
      letters += l;
      latin += this.latin[w]!;
      stopNlScore += this.stopNl[w]!;
      stopEnScore += this.stopEn[w]!;
      const row = this.foreignRow[w]!;
      if (row >= 0) {
        const weights = this.foreignRows[row]!;
        for (let i = 0; i < foreign.length; i++) foreign[i]! += weights[i]!;
      }
      logOdds += this.logOdds[w]!;
    }
    let stopForeign = 0;
    for (let i = 0; i < foreign.length; i++) stopForeign = Math.max(stopForeign, foreign[i]!);
    return {
      stopNl: stopNlScore,
      stopEn: stopEnScore,
      stopForeign,
      trigramLogOdds: logOdds,
      letterTokens,
      latinShare: letters > 0 ? latin / letters : 0,
    };
  }
}
