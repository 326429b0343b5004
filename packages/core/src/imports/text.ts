import type { LocalizedText } from '../i18n.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

const TAG = /<\/?[a-z][^>]*>/gi;
const BREAK = /<(br|\/p|\/div|\/h[1-6]|\/li)\b[^>]*>/gi;

/**
 * Our labels are plain text (the web app renders them escaped). Tools export rich text, and
 * SenseMaker even double-escapes some markup (`&lt;font color='blue'&gt;`), so tags are removed
 * again after the entities are decoded. A lone `<` in prose ("a < b") is not a tag and stays.
 */
export function stripHtml(html: string): string {
  const once = decodeEntities(html.replace(BREAK, '\n').replace(TAG, ''));
  return once
    .replace(BREAK, '\n')
    .replace(TAG, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/**
 * `LocalizedText` requires Dutch. An imported framework is usually in one other language, so
 * its text fills `nl` as a stand-in (to be translated later) and is also kept under its own code.
 */
export function importedText(text: string, language: string | undefined): LocalizedText {
  const lang = language?.toLowerCase();
  return lang !== undefined && /^[a-z]{2}$/.test(lang) && lang !== 'nl' ? { nl: text, [lang]: text } : { nl: text };
}

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/**
 * Hands out identifiers that satisfy the framework's id rule, unique within one scope, and
 * remembers which source id became which (the import reports that table, so data files keyed
 * by the source ids can be read later).
 */
export class IdAllocator {
  readonly map: Record<string, string> = {};
  private readonly used = new Set<string>();

  constructor(private readonly prefix: string) {}

  /** `source` is the foreign id; `hint` the text to derive ours from (defaults to the id). */
  take(source: string, hint = source): string {
    const known = this.map[source];
    if (known !== undefined) return known;
    let base = hint
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '_')
      .replace(/^[_-]+|[_-]+$/g, '');
    if (!/^[a-z]/.test(base)) base = `${this.prefix}${base}`;
    base = base.slice(0, 64);
    let id = base;
    for (let n = 2; this.used.has(id) || !ID.test(id); n++) {
      const suffix = `_${n}`;
      id = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    }
    this.used.add(id);
    this.map[source] = id;
    return id;
  }
}
