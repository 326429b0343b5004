export type PiiKind = 'BSN' | 'IBAN' | 'TELEFOON' | 'EMAIL' | 'POSTCODE' | 'HUISNUMMER' | 'GEBOORTEDATUM';

export interface Finding {
  readonly kind: PiiKind;
  /** Offsets in the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface Redaction {
  readonly text: string;
  readonly findings: Finding[];
}

/**
 * Removes personal data from Dutch (and English) social-service text, replacing each find
 * with its kind in brackets ("[BSN]"). What counts:
 *
 * - BSN: nine digits, plain or grouped 3-3-3 / 4-2-3 with one kind of separator
 *   (".", " ", "-"), only when they pass the 11-test; other nine-digit numbers stay, and so
 *   do numbers after a euro sign (amounts). Old eight-digit BSNs are not recognised.
 * - IBAN: country code, check digits and account, with or without spaces, only when the
 *   mod-97 check passes (and the length matches the country, for the countries we know).
 * - TELEFOON: Dutch numbers: 0 plus nine digits, +31 / 0031 plus nine digits (optionally
 *   "(0)"), with spaces or hyphens between digit groups, and 0800/0900 service numbers.
 * - EMAIL: addresses.
 * - POSTCODE and HUISNUMMER: "1234 AB" / "1234AB" (capitals, or lower case written without a
 *   space) and the house number written right after it ("1234 AB 12a") or before it after a
 *   street ("Kerkstraat 12, 1234 AB"); also a number right after a street name ending in
 *   -straat, -weg, -laan and the like.
 * - GEBOORTEDATUM: a date (12-03-1985, 12/3/85, 1985-03-12, 12 maart 1985, March 12, 1985)
 *   within 40 characters after a cue (geboren, geb., geboortedatum, born, date of birth,
 *   DOB) or within 25 characters before "geboren" ("is op 12 maart 1985 geboren"), and a
 *   lone year straight after a cue ("geboren in 1985"). Dates without a cue stay: they are
 *   usually appointment dates, which the stories need.
 *
 * Where finds overlap, the more specific kind wins (e-mail, IBAN, date of birth, phone,
 * BSN, postcode, house number).
 */
export function redact(text: string): Redaction {
  const candidates: Finding[] = [
    ...findEmails(text),
    ...findIbans(text),
    ...findBirthDates(text),
    ...findPhones(text),
    ...findBsns(text),
    ...findAddresses(text),
  ];
  const accepted: Finding[] = [];
  const sorted = [...candidates].sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  for (const c of sorted) {
    if (accepted.every((a) => c.end <= a.start || c.start >= a.end)) accepted.push(c);
  }
  accepted.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const f of accepted) {
    out += text.slice(pos, f.start) + `[${f.kind}]`;
    pos = f.end;
  }
  return { text: out + text.slice(pos), findings: accepted };
}

const PRIORITY: Record<PiiKind, number> = {
  EMAIL: 0,
  IBAN: 1,
  GEBOORTEDATUM: 2,
  TELEFOON: 3,
  BSN: 4,
  POSTCODE: 5,
  HUISNUMMER: 6,
};

/** The 11-test: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11 (and not all zeros). */
export function isValidBsn(value: string): boolean {
  const digits = value.replace(/[^0-9]/g, '');
  if (digits.length !== 9 || /^0+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
  sum -= Number(digits[8]);
  return sum % 11 === 0;
}

/** Lengths of the IBANs we expect to meet; others are checked on mod 97 alone. */
const IBAN_LENGTHS: Record<string, number> = {
  NL: 18, BE: 16, DE: 22, FR: 27, GB: 22, ES: 24, IT: 27, LU: 20, AT: 20, CH: 21, PL: 28,
  PT: 25, IE: 22, DK: 18, SE: 24, NO: 15, FI: 18, TR: 26, MA: 28,
};

/** ISO 13616 check: move the first four characters to the end, letters to 10..35, mod 97 = 1. */
export function isValidIban(value: string): boolean {
  const iban = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected && iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const part = code >= 65 ? String(code - 55) : ch;
    for (const d of part) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

function findEmails(text: string): Finding[] {
  const re = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
  return [...text.matchAll(re)].map((m) => ({ kind: 'EMAIL', start: m.index, end: m.index + m[0].length }));
}

function findIbans(text: string): Finding[] {
  // Greedy over optional spaces, then trimmed back to a valid length: the greedy part may
  // have run into the next word ("NL91 ABNA 0417 1643 00 EN").
  const re = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/gu;
  const found: Finding[] = [];
  for (const m of text.matchAll(re)) {
    const positions: number[] = [];
    for (let i = 0; i < m[0].length; i++) if (m[0][i] !== ' ') positions.push(m.index + i);
    const country = m[0].slice(0, 2).toUpperCase();
    const lengths = IBAN_LENGTHS[country] ? [IBAN_LENGTHS[country]] : range(Math.min(34, positions.length), 15);
    for (const len of lengths) {
      if (len > positions.length) continue;
      const end = positions[len - 1]! + 1;
      if (/[\p{L}\p{N}]/u.test(text[end] ?? '')) continue;
      if (isValidIban(text.slice(m.index, end))) {
        found.push({ kind: 'IBAN', start: m.index, end });
        break;
      }
    }
  }
  return found;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i >= to; i--) out.push(i);
  return out;
}

function findPhones(text: string): Finding[] {
  const re =
    /(?<![\p{L}\p{N}+])(?:(?:\+|00)31[ -]?(?:\(0\)[ -]?)?|0)[1-9](?:[ -]?\d){8}(?!\d)|(?<![\p{L}\p{N}])0[89]00[ -]?\d{4,7}(?!\d)/gu;
  return [...text.matchAll(re)].map((m) => ({ kind: 'TELEFOON', start: m.index, end: m.index + m[0].length }));
}

function findBsns(text: string): Finding[] {
  const re = /(?<![\p{L}\p{N}.,-])(?:\d{9}|\d{3}([. -])\d{3}\1\d{3}|\d{4}([. -])\d{2}\2\d{3})(?!\d|[.,-]\d)/gu;
  const found: Finding[] = [];
  for (const m of text.matchAll(re)) {
    // "€ 123.456.789" is an amount, however well it happens to pass the 11-test.
    if (/(?:€|eur|euro)\s*$/i.test(text.slice(Math.max(0, m.index - 6), m.index))) continue;
    if (isValidBsn(m[0])) found.push({ kind: 'BSN', start: m.index, end: m.index + m[0].length });
  }
  return found;
}

const HOUSE_NUMBER = String.raw`\d{1,5}(?:[ -]?[a-zA-Z](?![\p{L}])|-\d{1,4})?`;
const STREET_SUFFIX =
  'straat|weg|laan|plein|gracht|kade|singel|dijk|hof|pad|steeg|dreef|park|baan|markt|plantsoen|erf|veld|wal|burg|pleintje|straatje|lei|dam';

function findAddresses(text: string): Finding[] {
  const found: Finding[] = [];
  // SA, SD and SS are not used in Dutch postcodes; "2024 AB-test" is a year and a word.
  const postcode = /(?<![\p{L}\p{N}])[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![\p{L}\p{N}]|-\p{L})/gu;
  const after = new RegExp(String.raw`^[ \t]+(${HOUSE_NUMBER})(?![\p{L}\p{N}])`, 'u');
  const before = new RegExp(String.raw`\p{L}\.?[ \t]+(${HOUSE_NUMBER})[ \t]*,?[ \t]*$`, 'u');
  for (const m of text.matchAll(postcode)) {
    const end = m.index + m[0].length;
    found.push({ kind: 'POSTCODE', start: m.index, end });
    const next = after.exec(text.slice(end, end + 16));
    if (next) {
      const start = end + next[0].length - next[1]!.length;
      found.push({ kind: 'HUISNUMMER', start, end: start + next[1]!.length });
    }
    const head = text.slice(Math.max(0, m.index - 16), m.index);
    const prev = before.exec(head);
    if (prev) {
      const start = m.index - head.length + prev.index + prev[0].indexOf(prev[1]!, 1);
      found.push({ kind: 'HUISNUMMER', start, end: start + prev[1]!.length });
    }
  }
  const street = new RegExp(
    String.raw`(?<![\p{L}])\p{L}*(?:${STREET_SUFFIX})[ \t]+(${HOUSE_NUMBER})(?![\p{L}\p{N}])`,
    'giu',
  );
  for (const m of text.matchAll(street)) {
    const start = m.index + m[0].length - m[1]!.length;
    found.push({ kind: 'HUISNUMMER', start, end: m.index + m[0].length });
  }
  return found;
}

const MONTHS =
  'januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|' +
  'january|february|march|may|june|july|august|october|' +
  'jan|feb|mrt|mar|apr|jun|jul|aug|sept|sep|okt|oct|nov|dec';
const DATE = new RegExp(
  [
    String.raw`(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)`,
    String.raw`(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)`,
    String.raw`(?<!\d)\d{1,2}(?:e|ste|de|st|nd|rd|th)?\s+(?:${MONTHS})\.?,?\s+\d{4}(?!\d)`,
    String.raw`(?<![\p{L}])(?:${MONTHS})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}(?!\d)`,
  ].join('|'),
  'giu',
);
const CUE = /(?<![\p{L}])(?:geboren|geb\.|geb(?![\p{L}])|geboortedatum|geboortedag|born|date of birth|d\.?o\.?b\.?)/giu;

function plausibleDate(m: RegExpExecArray): boolean {
  const [day, month] = m[1] !== undefined ? [Number(m[1]), Number(m[2])] : m[4] !== undefined ? [Number(m[6]), Number(m[5])] : [1, 1];
  return day >= 1 && day <= 31 && month >= 1 && month <= 12;
}

function findBirthDates(text: string): Finding[] {
  const found: Finding[] = [];
  const dates: { start: number; end: number }[] = [];
  for (const m of text.matchAll(DATE)) {
    if (plausibleDate(m)) dates.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const cue of text.matchAll(CUE)) {
    const cueEnd = cue.index + cue[0].length;
    const isGeboren = cue[0].toLowerCase() === 'geboren';
    for (const d of dates) {
      const between = d.start >= cueEnd ? text.slice(cueEnd, d.start) : text.slice(d.end, cue.index);
      const ahead = d.start >= cueEnd;
      // Same sentence only: a full stop followed by a space ends it (the cue "geb." and
      // dates themselves contain dots, so those are not counted).
      if (/[.!?]\s|\n/.test(between)) continue;
      if ((ahead && between.length <= 40) || (!ahead && isGeboren && d.end <= cue.index && between.length <= 25)) {
        found.push({ kind: 'GEBOORTEDATUM', start: d.start, end: d.end });
      }
    }
    const year = /^[ \t:]*(?:(?:in|op|on|in het jaar)[ \t]+)?((?:19|20)\d{2})(?!\d)/iu.exec(text.slice(cueEnd, cueEnd + 24));
    if (year) {
      const start = cueEnd + year[0].length - year[1]!.length;
      found.push({ kind: 'GEBOORTEDATUM', start, end: start + 4 });
    }
  }
  return found;
}
