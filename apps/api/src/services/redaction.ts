import { redact } from '@vertelpunt/analytics';
import type { Answers } from '@vertelpunt/core';

export interface RedactedStory {
  title: string | null;
  text: string;
  answers: Answers;
  /** Finds per kind ("BSN": 1); never the values themselves. */
  counts: Record<string, number>;
}

/**
 * Takes personal details out of everything a teller typed (title, text, free-text answers and
 * "other" write-ins) before anything is stored, so the unredacted text never reaches the
 * database unless the collection keeps originals.
 */
export function redactStory(input: { title: string | null; text: string; answers: Answers }): RedactedStory {
  const counts: Record<string, number> = {};
  const clean = (value: string): string => {
    const r = redact(value);
    for (const f of r.findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    return r.text;
  };
  const answers: Answers = {};
  for (const [id, a] of Object.entries(input.answers)) {
    if ('text' in a) answers[id] = { text: clean(a.text) };
    else if ('optionIds' in a) answers[id] = a.other === undefined ? a : { ...a, other: clean(a.other) };
    else if ('other' in a) answers[id] = { other: clean(a.other) };
    else answers[id] = a;
  }
  return { title: input.title === null ? null : clean(input.title), text: clean(input.text), answers, counts };
}
