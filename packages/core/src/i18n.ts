/** Languages the product ships translations for; Dutch first. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * A translatable label. Dutch is required (the product speaks Dutch first); other languages
 * are optional and fall back to Dutch.
 */
export type LocalizedText = { nl: string } & Partial<Record<string, string>>;

export function localize(text: LocalizedText, lang: string): string {
  return text[lang] ?? text.nl;
}
