import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../i18n.ts';
import { validateFrameworkDefinition } from '../validate-framework.ts';
import { defaultFrameworkNl, defaultPromptsNl, INTERVENTIONS, SITUATIONS } from './framework-nl.ts';

/** Every translatable text in a value, wherever it sits. */
function texts(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.flatMap(texts);
  if (typeof v !== 'object' || v === null) return [];
  const o = v as Record<string, unknown>;
  return 'nl' in o ? [o] : Object.values(o).flatMap(texts);
}

describe('defaultFrameworkNl', () => {
  const def = defaultFrameworkNl();

  it('validates', () => {
    expect(() => validateFrameworkDefinition(def)).not.toThrow();
  });

  it('has every label in Dutch and English', () => {
    const all = texts([def, defaultPromptsNl()]);
    expect(all.length).toBeGreaterThan(70);
    for (const t of all) expect(Object.keys(t).sort(), JSON.stringify(t)).toEqual([...LANGUAGES].sort());
  });

  it('asks for situation, intervention and outcome, which "what works" crosses', () => {
    const roles = def.questions.map((q) => `${q.role}:${q.kind}`);
    expect(roles).toEqual(expect.arrayContaining(['situation:singleChoice', 'intervention:multipleChoice', 'outcome:singleChoice', 'outcome:scale', 'interpretation:freeText']));
    const situation = def.questions.find((q) => q.id === 'situatie');
    const intervention = def.questions.find((q) => q.id === 'interventie');
    expect(situation?.kind === 'singleChoice' && situation.options.map((o) => o.id)).toEqual([...SITUATIONS]);
    expect(intervention?.kind === 'multipleChoice' && intervention.options.map((o) => o.id)).toEqual([...INTERVENTIONS]);
    const outcome = def.questions.find((q) => q.id === 'uitkomst');
    expect(outcome?.kind === 'singleChoice' && outcome.options.map((o) => o.positive)).toEqual([true, false, false, undefined]);
  });

  it('offers two or three prompts with unique ids', () => {
    const prompts = defaultPromptsNl();
    expect(prompts.length).toBeGreaterThanOrEqual(2);
    expect(new Set(prompts.map((p) => p.id)).size).toBe(prompts.length);
  });

  it('returns a fresh copy each time, so callers may edit it', () => {
    expect(defaultFrameworkNl()).not.toBe(def);
    expect(defaultFrameworkNl()).toEqual(def);
  });
});
