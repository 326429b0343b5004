import type { Answers, FrameworkDefinition } from '@vertelpunt/core';

/**
 * Signifier answers as numeric columns for clustering and pattern profiles: triad weights
 * (one column per corner), dyad positions, scales scaled to 0..1, and one column per choice
 * option (1 chosen, 0 not). A missing or n/a answer is NaN, so it neither pulls a story
 * towards a pattern nor dilutes a profile.
 */
export function signifierColumns(defs: Iterable<FrameworkDefinition>): { names: string[]; row(answers: Answers): number[] } {
  const columns: { name: string; get(a: Answers): number }[] = [];
  const seen = new Set<string>();
  const add = (name: string, get: (a: Answers) => number) => {
    if (seen.has(name)) return;
    seen.add(name);
    columns.push({ name, get });
  };
  for (const def of defs) {
    for (const q of def.questions) {
      const of = (a: Answers) => a[q.id];
      switch (q.kind) {
        case 'triad':
          for (let c = 0; c < 3; c++) add(`${q.id}.${c}`, (a) => ((x) => (x && 'weights' in x ? x.weights[c]! : NaN))(of(a)));
          break;
        case 'dyad':
          add(q.id, (a) => ((x) => (x && 'value' in x ? x.value : NaN))(of(a)));
          break;
        case 'scale':
          add(q.id, (a) => ((x) => (x && 'value' in x ? (x.value - q.min) / (q.max - q.min) : NaN))(of(a)));
          break;
        case 'singleChoice':
        case 'multipleChoice':
          for (const o of q.options) {
            add(`${q.id}=${o.id}`, (a) => {
              const x = of(a);
              if (!x) return NaN;
              if ('optionIds' in x) return x.optionIds.includes(o.id) ? 1 : 0;
              if ('optionId' in x) return x.optionId === o.id ? 1 : 0;
              return 'other' in x ? 0 : NaN;
            });
          }
          break;
        default:
          break;
      }
    }
  }
  return { names: columns.map((c) => c.name), row: (answers) => columns.map((c) => c.get(answers)) };
}
