import { describe, expect, it } from 'vitest';
import { answerFacts } from './answers.ts';
import { ValidationError } from './errors.ts';
import type { FrameworkDefinition } from './framework.ts';
import { can } from './roles.ts';
import { validateFrameworkDefinition } from './validate-framework.ts';
import { validateStoryAgainstFramework } from './validate-story.ts';

const def: FrameworkDefinition = {
  questions: [
    { id: 'text', kind: 'storyText', role: 'story', label: { nl: 'Verhaal' }, required: true, minLength: 5, maxLength: 100 },
    { id: 'tri', kind: 'triad', role: 'situation', label: { nl: 'Triade' }, required: true, allowNotApplicable: true, corners: [{ nl: 'A' }, { nl: 'B' }, { nl: 'C' }] },
    { id: 'mc', kind: 'multipleChoice', role: 'intervention', label: { nl: 'Aanpak' }, required: false, min: 1, max: 2, options: [{ id: 'a', label: { nl: 'A' } }, { id: 'b', label: { nl: 'B' } }], other: { nl: 'Anders' } },
    { id: 'reflect', kind: 'singleChoice', role: 'interpretation', label: { nl: 'Duiding' }, required: true, options: [{ id: 'x', label: { nl: 'X' } }] },
  ],
};

function issuesOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.issues.map((i) => i.path);
    throw err;
  }
  return [];
}

describe('validateFrameworkDefinition', () => {
  it('accepts a well-formed definition', () => {
    expect(validateFrameworkDefinition(def)).toBe(def);
  });

  it('names every bad field at once', () => {
    const bad = {
      questions: [
        { id: 'text', kind: 'storyText', role: 'story', label: { nl: 'x' }, required: true, minLength: 50, maxLength: 10 },
        { id: 'text', kind: 'triad', role: 'nope', label: { en: 'no dutch' }, required: true, allowNotApplicable: true, corners: [{ nl: 'A' }] },
        { id: '1bad', kind: 'sliderz', role: 'context', label: { nl: 'x' }, required: true },
        { id: 'mc', kind: 'multipleChoice', role: 'context', label: { nl: 'x' }, required: true, min: 3, max: 1, options: [{ id: 'a', label: { nl: 'A' } }, { id: 'a', label: { nl: 'B' } }] },
      ],
    };
    expect(issuesOf(() => validateFrameworkDefinition(bad)).sort()).toEqual(
      ['/questions/0/minLength', '/questions/1/id', '/questions/1/role', '/questions/1/label', '/questions/1/corners', '/questions/2/id', '/questions/2/kind', '/questions/3/options/1/id', '/questions/3/min'].sort(),
    );
  });

  it('requires exactly one storyText question', () => {
    expect(issuesOf(() => validateFrameworkDefinition({ questions: [] }))).toEqual(['/questions']);
  });
});

describe('validateStoryAgainstFramework', () => {
  it('normalises triad weights within the tolerance to sum to exactly 1', () => {
    const v = validateStoryAgainstFramework(def, { text: 'Een verhaal', answers: { tri: { weights: [0.333, 0.333, 0.333] } } });
    const w = (v.answers.tri as { weights: number[] }).weights;
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('accepts n/a where allowed and an "other" write-in within max', () => {
    const v = validateStoryAgainstFramework(def, { text: 'Een verhaal', answers: { tri: { notApplicable: true }, mc: { optionIds: ['a'], other: ' eigen ' } } });
    expect(v.answers).toEqual({ tri: { notApplicable: true }, mc: { optionIds: ['a'], other: 'eigen' } });
  });

  it('does not require interpretation questions at capture', () => {
    expect(issuesOf(() => validateStoryAgainstFramework(def, { text: 'Een verhaal', answers: { tri: { notApplicable: true } } }))).toEqual([]);
  });

  it('counts the write-in towards the maximum', () => {
    expect(issuesOf(() => validateStoryAgainstFramework(def, { text: 'Een verhaal', answers: { tri: { notApplicable: true }, mc: { optionIds: ['a', 'b'], other: 'c' } } }))).toEqual(['/answers/mc/optionIds']);
  });

  it('rejects mixed shapes such as weights with n/a', () => {
    expect(issuesOf(() => validateStoryAgainstFramework(def, { text: 'Een verhaal', answers: { tri: { weights: [1, 0, 0], extra: 1 } } }))).toEqual(['/answers/tri/extra']);
  });
});

describe('answerFacts', () => {
  it('flattens answers into one typed row per value', () => {
    const facts = answerFacts(def.questions, { tri: { weights: [0.2, 0.3, 0.5] }, mc: { optionIds: ['a', 'b'], other: 'c' } });
    expect(facts.map((f) => [f.questionId, f.optionId, f.v1, f.text])).toEqual([
      ['tri', null, 0.2, null],
      ['mc', 'a', null, null],
      ['mc', 'b', null, null],
      ['mc', null, null, 'c'],
    ]);
  });
});

describe('roles', () => {
  it('lets caseworkers tell but not read everything; analysts read but not tell', () => {
    expect([can('caseworker', 'story:create'), can('caseworker', 'story:read-all'), can('analyst', 'story:read-all'), can('analyst', 'story:create')]).toEqual([true, false, true, false]);
  });
});
