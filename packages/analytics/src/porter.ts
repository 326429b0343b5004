/**
 * natural's Porter stemmers without their regular expressions. Stemming the 5,000-6,000
 * distinct words of a 1,000-sentence corpus with natural took 11-22 ms (its English stemmer
 * builds a RegExp per suffix tried and categorises the word into C/V groups with three
 * regex passes several times per word; its Dutch one builds ten RegExps per word to strip
 * accents): about 40% of a whole pipeline run there, and most of scikit-learn's whole run.
 * These take about a third of that (measured side by side on the same words). The output is natural's, word for word, including its
 * departures from Porter's paper (a 'y' after a consonant run counts as a vowel group of its
 * own, so the measure can be fractional); porter.test.ts checks that over every word of the
 * shared corpora and over random words.
 */
import porterNl from 'natural/lib/natural/stemmers/porter_stemmer_nl.js';

// ---------------------------------------------------------------------------------------
// English: natural's porter_stemmer.js

const A = 97;
const E = 101;
const I = 105;
const O = 111;
const U = 117;
const Y = 121;
const isAeiou = (c: number): boolean => c === A || c === E || c === I || c === O || c === U;
const isAeiouy = (c: number): boolean => isAeiou(c) || c === Y;

/**
 * natural's categorizeGroups followed by its measure: C/V groups where a consonant run
 * followed by 'y' is "CV", a run of a/e/i/o/u is "V" (not merged with the V of a "CV"),
 * everything else merges into "C"; the measure is the group count without a leading C and a
 * trailing V, halved. -1 for the empty word.
 */
function measure(word: string): number {
  const n = word.length;
  if (n === 0) return -1;
  let groups = 0;
  let first = 0; // 1 = C, 2 = V
  let last = 0; // kind of the last group: 0 none, 1 C, 2 vowel-run V, 3 "CV" V
  for (let i = 0; i < n; ) {
    const c = word.charCodeAt(i);
    if (isAeiou(c)) {
      let j = i + 1;
      while (j < n && isAeiou(word.charCodeAt(j))) j++;
      // A vowel run is one V, also right after the V of a "CV".
      groups++;
      if (first === 0) first = 2;
      last = 2;
      i = j;
    } else if (c === Y) {
      // A 'y' not preceded by a consonant run stays a letter that merges into C groups.
      if (last !== 1) {
        groups++;
        if (first === 0) first = 1;
      }
      last = 1;
      i++;
    } else {
      let j = i + 1;
      while (j < n && !isAeiouy(word.charCodeAt(j))) j++;
      if (j < n && word.charCodeAt(j) === Y) {
        // "CV": its C merges with a preceding C group (a stray 'y').
        if (last !== 1) {
          groups++;
          if (first === 0) first = 1;
        }
        groups++;
        last = 3;
        i = j + 1;
      } else {
        if (last !== 1) {
          groups++;
          if (first === 0) first = 1;
        }
        last = 1;
        i = j;
      }
    }
  }
  let length = groups;
  if (first === 1) length--;
  if (last === 2 || last === 3) length--;
  return length / 2;
}

/** Whether a word has a V group (natural: categorizeGroups(word).indexOf('V') >= 0). */
function hasVowelGroup(word: string, end = word.length): boolean {
  for (let i = 0; i < end; i++) {
    const c = word.charCodeAt(i);
    if (isAeiou(c)) return true;
    if (c === Y && i > 0 && !isAeiouy(word.charCodeAt(i - 1))) return true;
  }
  return false;
}

/**
 * natural's categorizeGroups(word) with its last group removed contains a V. The last group
 * is a V only when the word ends in a vowel run or a consonant-run 'y'; that V's own letters
 * then do not count.
 */
function hasVowelGroupBeforeLast(word: string): boolean {
  const n = word.length;
  const lastCode = word.charCodeAt(n - 1);
  if (isAeiou(lastCode)) {
    let j = n - 1;
    while (j > 0 && isAeiou(word.charCodeAt(j - 1))) j--;
    // The run may follow the V of a "CV" directly.
    return hasVowelGroup(word, j);
  }
  if (lastCode === Y && n > 1 && !isAeiouy(word.charCodeAt(n - 2))) {
    // The final "CV" is the consonant run plus 'y'; its C is the last-but-one group.
    let j = n - 1;
    while (j > 0 && !isAeiouy(word.charCodeAt(j - 1))) j--;
    return hasVowelGroup(word, j);
  }
  // The last group is a C; everything else is before it.
  return hasVowelGroup(word);
}

/**
 * natural's categorizeChars: per letter C or V, where a consonant followed by 'y' is "CV"
 * and any other 'y' is C. Returns the three-letter window ending `back` letters before the
 * end, as substr(-back - 3, 3) would (clamped at the start).
 */
function charPattern(word: string, fromEnd: number): string {
  const n = word.length;
  const kinds: string[] = new Array<string>(n);
  for (let i = 0; i < n; ) {
    const c = word.charCodeAt(i);
    if (!isAeiouy(c) && i + 1 < n && word.charCodeAt(i + 1) === Y) {
      kinds[i] = 'C';
      kinds[i + 1] = 'V';
      i += 2;
    } else {
      kinds[i] = isAeiou(c) ? 'V' : 'C';
      i++;
    }
  }
  const start = Math.max(n - fromEnd, 0);
  return kinds.slice(start, start + 3).join('');
}

function step1a(w: string): string {
  if (w.endsWith('sses') || w.endsWith('ies')) return w.slice(0, -2);
  if (w.endsWith('s') && w.charCodeAt(w.length - 2) !== 115 && w.length > 2) return w.slice(0, -1);
  return w;
}

function step1b(w: string): string {
  if (w.endsWith('eed')) return measure(w.slice(0, -3)) > 0 ? w.slice(0, -1) : w;
  let stem: string;
  if (w.endsWith('ed')) stem = w.slice(0, -2);
  else if (w.endsWith('ing')) stem = w.slice(0, -3);
  else return w;
  if (stem === '' || !hasVowelGroup(stem)) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return stem + 'e';
  const n = stem.length;
  const last = stem.charCodeAt(n - 1);
  if (n >= 2 && last === stem.charCodeAt(n - 2) && !isAeiou(last) && last !== 108 && last !== 115 && last !== 122) {
    return stem.slice(0, -1);
  }
  if (measure(stem) === 1 && charPattern(stem, 3) === 'CVC' && last !== 119 && last !== 120 && last !== Y) {
    return stem + 'e';
  }
  return stem;
}

function step1c(w: string): string {
  return w.endsWith('y') && hasVowelGroupBeforeLast(w) ? w.slice(0, -1) + 'i' : w;
}

/**
 * natural's replacePatterns with a measure threshold of 0: every rule whose suffix the
 * original word has, and whose removal leaves a measure above 0, rewrites the current word
 * (if it still has that suffix); rules apply in order.
 */
function replaceSuffixes(w: string, rules: readonly (readonly [string, string])[]): string {
  let current = w;
  for (const [suffix, replacement] of rules) {
    if (!w.endsWith(suffix) || !(measure(w.slice(0, w.length - suffix.length)) > 0)) continue;
    if (current.endsWith(suffix)) {
      const next = current.slice(0, current.length - suffix.length) + replacement;
      if (next !== '') current = next;
    }
  }
  return current;
}

const STEP2: readonly (readonly [string, string])[] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['abli', 'able'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
  ['logi', 'log'],
];
const STEP3: readonly (readonly [string, string])[] = [
  ['icate', 'ic'],
  ['ative', ''],
  ['alize', 'al'],
  ['iciti', 'ic'],
  ['ical', 'ic'],
  ['ful', ''],
  ['ness', ''],
];
// Longest first: natural's /^(.+?)(al|ance|...)$/ takes the shortest stem, so the longest
// suffix that leaves at least one letter.
const STEP4 = ['ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous', 'ive', 'ize', 'al', 'er', 'ic', 'ou'];

function step4(w: string): string {
  for (const suffix of STEP4) {
    if (w.length > suffix.length && w.endsWith(suffix)) {
      const stem = w.slice(0, w.length - suffix.length);
      if (measure(stem) > 1) return stem;
      break;
    }
  }
  if (w.length >= 5 && (w.endsWith('sion') || w.endsWith('tion'))) {
    const stem = w.slice(0, -3);
    if (measure(stem) > 1) return stem;
  }
  return w;
}

function step5a(w: string): string {
  const withoutE = w.endsWith('e') ? w.slice(0, -1) : w;
  const m = measure(withoutE);
  if (m > 1) return withoutE;
  if (m === 1) {
    const n = w.length;
    const beforeLast = n >= 2 ? w.charCodeAt(n - 2) : -1;
    const cvc = charPattern(w, 4) === 'CVC' && beforeLast !== -1 && beforeLast !== 119 && beforeLast !== 120 && beforeLast !== Y;
    if (!cvc) return withoutE;
  }
  return w;
}

function step5b(w: string): string {
  return measure(w) > 1 && w.endsWith('ll') ? w.slice(0, -1) : w;
}

/** natural's PorterStemmer.stem (English). */
export function stemEnglish(word: string): string {
  if (word.length < 3) return word;
  return step5b(step5a(step4(replaceSuffixes(replaceSuffixes(step1c(step1b(step1a(word.toLowerCase()))), STEP2), STEP3))));
}

// ---------------------------------------------------------------------------------------
// Dutch: natural's porter_stemmer_nl.js with a regex-free prelude

const ACCENTS: Record<string, string> = { ä: 'a', ë: 'e', ï: 'i', ö: 'o', ü: 'u', á: 'a', é: 'e', í: 'i', ó: 'o', ú: 'u' };
const isDutchVowel = (ch: string | undefined): boolean =>
  ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u' || ch === 'é';

/** natural's replaceAccentedCharacters and handleYI in one pass each. */
function dutchPrelude(word: string): string {
  let plain = word;
  for (let i = 0; i < word.length; i++) {
    if (word.charCodeAt(i) >= 128) {
      plain = '';
      for (const ch of word) plain += ACCENTS[ch] ?? ch;
      break;
    }
  }
  if (plain.indexOf('y') < 0 && plain.indexOf('i') < 0) return plain;
  // Initial y, then y after a vowel (non-overlapping, left to right, as String.replace with /g).
  let s = plain.startsWith('y') ? 'Y' + plain.slice(1) : plain;
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (isDutchVowel(s[i]) && s[i + 1] === 'y') {
      out += s[i] + 'Y';
      i += 2;
    } else {
      out += s[i];
      i++;
    }
  }
  // i between vowels.
  s = out;
  out = '';
  for (let i = 0; i < s.length; ) {
    if (isDutchVowel(s[i]) && s[i + 1] === 'i' && isDutchVowel(s[i + 2])) {
      out += s[i] + 'I' + s[i + 2];
      i += 3;
    } else {
      out += s[i];
      i++;
    }
  }
  return out;
}

/**
 * natural's Dutch PorterStemmer.stem. Only the prelude is ours; the steps are natural's own
 * methods on its stemmer object, which also keeps its state (a flag that step 2 sets and
 * that later words see) shared with every other user of that stemmer.
 */
export function stemDutch(word: string): string {
  const s = dutchPrelude(word);
  porterNl.markRegions(s);
  return porterNl.postlude(porterNl.step4(porterNl.step3b(porterNl.step3a(porterNl.step2(porterNl.step1(s))))));
}
