import { TRIAD_SUM_TOLERANCE, type Answer, type Answers } from './answers.ts';
import { ValidationError, type Issue } from './errors.ts';
import type { FrameworkDefinition, Question } from './framework.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUnit = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;

function onlyKeys(a: Obj, keys: string[], path: string, issues: Issue[]): boolean {
  const extra = Object.keys(a).filter((k) => !keys.includes(k));
  if (extra.length > 0) {
    issues.push({ path: `${path}/${extra[0]}`, message: `unexpected field; expected ${keys.join(' or ')}` });
    return false;
  }
  return true;
}

function notApplicable(q: { allowNotApplicable: boolean }, a: Obj, path: string, issues: Issue[]): Answer | undefined {
  if (a.notApplicable !== true) return undefined;
  if (!q.allowNotApplicable) {
    issues.push({ path: `${path}/notApplicable`, message: 'this question does not allow "not applicable"' });
    return undefined;
  }
  return { notApplicable: true };
}

/** Checks one answer against its question; returns the normalised answer or pushes issues. */
function checkAnswer(q: Question, a: unknown, path: string, issues: Issue[]): Answer | undefined {
  const n0 = issues.length;
  const fail = (p: string, message: string) => {
    issues.push({ path: p, message });
    return undefined;
  };
  if (!isObj(a)) return fail(path, 'must be an object');
  switch (q.kind) {
    case 'triad': {
      if (!onlyKeys(a, ['weights', 'notApplicable'], path, issues)) return undefined;
      if ('notApplicable' in a) return notApplicable(q, a, path, issues);
      const w = a.weights;
      if (!Array.isArray(w) || w.length !== 3 || !w.every(isUnit)) return fail(`${path}/weights`, 'must be three numbers from 0 to 1');
      const [a1, a2, a3] = w as [number, number, number];
      const sum = a1 + a2 + a3;
      if (Math.abs(sum - 1) > TRIAD_SUM_TOLERANCE) return fail(`${path}/weights`, `must sum to 1 (got ${sum.toFixed(3)})`);
      return { weights: [a1 / sum, a2 / sum, a3 / sum] };
    }
    case 'dyad':
    case 'scale': {
      if (!onlyKeys(a, ['value', 'notApplicable'], path, issues)) return undefined;
      if ('notApplicable' in a) return notApplicable(q, a, path, issues);
      const v = a.value;
      if (q.kind === 'dyad') return isUnit(v) ? { value: v } : fail(`${path}/value`, 'must be a number from 0 to 1');
      if (typeof v !== 'number' || !Number.isFinite(v) || v < q.min || v > q.max) return fail(`${path}/value`, `must be a number from ${q.min} to ${q.max}`);
      return { value: v };
    }
    case 'stones': {
      if (!onlyKeys(a, ['placements'], path, issues)) return undefined;
      if (!isObj(a.placements)) return fail(`${path}/placements`, 'must be an object keyed by item id');
      const items = new Set(q.items.map((i) => i.id));
      const placements: Record<string, { x: number; y: number }> = {};
      for (const [id, p] of Object.entries(a.placements)) {
        const pp = `${path}/placements/${id}`;
        if (!items.has(id)) fail(pp, 'is not an item of this question');
        else if (!isObj(p) || !isUnit(p.x) || !isUnit(p.y) || Object.keys(p).length !== 2) fail(pp, 'must be {x, y} with both from 0 to 1');
        else placements[id] = { x: p.x, y: p.y };
      }
      return issues.length > n0 ? undefined : { placements };
    }
    case 'singleChoice': {
      if (!onlyKeys(a, ['optionId', 'other'], path, issues)) return undefined;
      if (typeof a.other === 'string' && a.optionId === undefined) {
        if (q.other === undefined) return fail(`${path}/other`, 'this question has no "other" write-in');
        const other = a.other.trim();
        if (other === '' || other.length > 500) return fail(`${path}/other`, 'must be 1 to 500 characters');
        return { other };
      }
      if (typeof a.optionId !== 'string' || !q.options.some((o) => o.id === a.optionId)) return fail(`${path}/optionId`, 'must be one of the question\'s options');
      return { optionId: a.optionId };
    }
    case 'multipleChoice': {
      if (!onlyKeys(a, ['optionIds', 'other'], path, issues)) return undefined;
      const ids = a.optionIds ?? [];
      if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return fail(`${path}/optionIds`, 'must be a list of option ids');
      const known = new Set(q.options.map((o) => o.id));
      ids.forEach((id, i) => {
        if (!known.has(id)) fail(`${path}/optionIds/${i}`, 'must be one of the question\'s options');
      });
      if (new Set(ids).size !== ids.length) fail(`${path}/optionIds`, 'must not repeat an option');
      let other: string | undefined;
      if (a.other !== undefined) {
        if (q.other === undefined) fail(`${path}/other`, 'this question has no "other" write-in');
        else if (typeof a.other !== 'string' || a.other.trim() === '' || a.other.length > 500) fail(`${path}/other`, 'must be 1 to 500 characters');
        else other = a.other.trim();
      }
      const count = ids.length + (other === undefined ? 0 : 1);
      if (issues.length === n0 && (count < q.min || count > q.max)) fail(`${path}/optionIds`, `choose ${q.min === q.max ? q.min : `${q.min} to ${q.max}`} options`);
      if (issues.length > n0) return undefined;
      return other === undefined ? { optionIds: ids } : { optionIds: ids, other };
    }
    case 'freeText': {
      if (!onlyKeys(a, ['text'], path, issues)) return undefined;
      if (typeof a.text !== 'string' || a.text.length > q.maxLength) return fail(`${path}/text`, `must be text of at most ${q.maxLength} characters`);
      return { text: a.text };
    }
    case 'storyTitle':
    case 'storyText':
    case 'note':
      return fail(path, 'is not answered here (story title and text are top-level fields)');
  }
}

export interface ValidStory {
  title: string | null;
  text: string;
  answers: Answers;
}

/**
 * Validates a story's title, text and answers against the framework version it answers.
 * Interpretation questions are asked later, in reflection: they are optional at capture.
 * Throws a ValidationError naming each bad field (paths relative to the story body).
 */
export function validateStoryAgainstFramework(def: FrameworkDefinition, input: { title?: string | undefined; text: string; answers: Record<string, unknown> }): ValidStory {
  const issues: Issue[] = [];
  const text = input.text.trim();
  const title = input.title?.trim() || null;
  const textQ = def.questions.find((q) => q.kind === 'storyText');
  if (textQ?.kind === 'storyText') {
    if (text.length < Math.max(1, textQ.minLength)) issues.push({ path: '/text', message: `must be at least ${Math.max(1, textQ.minLength)} characters` });
    if (text.length > textQ.maxLength) issues.push({ path: '/text', message: `must be at most ${textQ.maxLength} characters` });
  }
  const titleQ = def.questions.find((q) => q.kind === 'storyTitle');
  if (titleQ?.kind === 'storyTitle') {
    if (titleQ.required && title === null) issues.push({ path: '/title', message: 'is required' });
    if (title !== null && title.length > titleQ.maxLength) issues.push({ path: '/title', message: `must be at most ${titleQ.maxLength} characters` });
  } else if (title !== null && title.length > 200) {
    issues.push({ path: '/title', message: 'must be at most 200 characters' });
  }

  const byId = new Map(def.questions.map((q) => [q.id, q]));
  for (const id of Object.keys(input.answers)) {
    if (!byId.has(id)) issues.push({ path: `/answers/${id}`, message: 'is not a question of this framework version' });
  }
  const answers: Answers = {};
  for (const q of def.questions) {
    if (q.kind === 'storyText' || q.kind === 'storyTitle' || q.kind === 'note') continue;
    const path = `/answers/${q.id}`;
    const raw = input.answers[q.id];
    if (raw === undefined || raw === null) {
      if (q.required && q.role !== 'interpretation') issues.push({ path, message: 'is required' });
      continue;
    }
    const a = checkAnswer(q, raw, path, issues);
    if (a !== undefined) answers[q.id] = a;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return { title, text, answers };
}
