import { ValidationError, type Issue } from './errors.ts';
import { QUESTION_KINDS, QUESTION_ROLES, type FrameworkDefinition, type Question } from './framework.ts';

const ID = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects issues with their paths, so one response can name every bad field at once. */
class Checker {
  readonly issues: Issue[] = [];
  fail(path: string, message: string): false {
    this.issues.push({ path, message });
    return false;
  }
  text(v: unknown, path: string): boolean {
    if (!isObj(v) || typeof v.nl !== 'string' || v.nl.trim() === '') return this.fail(path, 'must be a translatable text with a non-empty "nl"');
    for (const [lang, t] of Object.entries(v)) {
      if (!/^[a-z]{2}$/.test(lang) || typeof t !== 'string') return this.fail(`${path}/${lang}`, 'must be a string keyed by a two-letter language code');
    }
    return true;
  }
  int(v: unknown, path: string, min: number, max = Number.MAX_SAFE_INTEGER): boolean {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return this.fail(path, `must be an integer from ${min} to ${max}`);
    return true;
  }
  bool(v: unknown, path: string): boolean {
    return typeof v === 'boolean' || this.fail(path, 'must be true or false');
  }
  options(v: unknown, path: string): boolean {
    if (!Array.isArray(v) || v.length === 0) return this.fail(path, 'must be a non-empty list');
    const seen = new Set<string>();
    v.forEach((o: unknown, i) => {
      const p = `${path}/${i}`;
      if (!isObj(o)) return this.fail(p, 'must be an object');
      if (typeof o.id !== 'string' || !ID.test(o.id)) this.fail(`${p}/id`, 'must be an identifier (letters, digits, _ or -)');
      else if (seen.has(o.id)) this.fail(`${p}/id`, `duplicate id "${o.id}"`);
      else seen.add(o.id);
      this.text(o.label, `${p}/label`);
      if (o.positive !== undefined) this.bool(o.positive, `${p}/positive`);
      return true;
    });
    return true;
  }
  axis(v: unknown, path: string): void {
    if (!isObj(v)) {
      this.fail(path, 'must be an object with label, low and high');
      return;
    }
    this.text(v.label, `${path}/label`);
    this.text(v.low, `${path}/low`);
    this.text(v.high, `${path}/high`);
  }
}

function checkQuestion(c: Checker, q: Obj, p: string): void {
  switch (q.kind as Question['kind']) {
    case 'storyTitle':
      c.int(q.maxLength, `${p}/maxLength`, 1, 500);
      break;
    case 'storyText':
      if (c.int(q.minLength, `${p}/minLength`, 0, 100_000) && c.int(q.maxLength, `${p}/maxLength`, 1, 100_000) && (q.minLength as number) > (q.maxLength as number)) {
        c.fail(`${p}/minLength`, 'must not exceed maxLength');
      }
      break;
    case 'freeText':
      c.bool(q.multiline, `${p}/multiline`);
      c.int(q.maxLength, `${p}/maxLength`, 1, 100_000);
      break;
    case 'triad':
      if (!Array.isArray(q.corners) || q.corners.length !== 3) c.fail(`${p}/corners`, 'must list exactly three corners');
      else q.corners.forEach((t: unknown, i) => c.text(t, `${p}/corners/${i}`));
      c.bool(q.allowNotApplicable, `${p}/allowNotApplicable`);
      break;
    case 'dyad':
      c.text(q.left, `${p}/left`);
      c.text(q.right, `${p}/right`);
      c.bool(q.allowNotApplicable, `${p}/allowNotApplicable`);
      break;
    case 'stones':
      c.axis(q.xAxis, `${p}/xAxis`);
      c.axis(q.yAxis, `${p}/yAxis`);
      c.options(q.items, `${p}/items`);
      break;
    case 'singleChoice':
      c.options(q.options, `${p}/options`);
      if (q.other !== undefined) c.text(q.other, `${p}/other`);
      break;
    case 'multipleChoice': {
      c.options(q.options, `${p}/options`);
      if (q.other !== undefined) c.text(q.other, `${p}/other`);
      const n = (Array.isArray(q.options) ? q.options.length : 0) + (q.other === undefined ? 0 : 1);
      if (c.int(q.min, `${p}/min`, 0, n) && c.int(q.max, `${p}/max`, 1, n) && (q.min as number) > (q.max as number)) c.fail(`${p}/min`, 'must not exceed max');
      break;
    }
    case 'scale':
      if (typeof q.min !== 'number' || typeof q.max !== 'number' || !(q.min < q.max)) c.fail(`${p}/max`, 'min and max must be numbers with min < max');
      if (typeof q.step !== 'number' || !(q.step > 0)) c.fail(`${p}/step`, 'must be a positive number');
      if (q.lowLabel !== undefined) c.text(q.lowLabel, `${p}/lowLabel`);
      if (q.highLabel !== undefined) c.text(q.highLabel, `${p}/highLabel`);
      c.bool(q.allowNotApplicable, `${p}/allowNotApplicable`);
      break;
    case 'note':
      if (q.required !== false) c.fail(`${p}/required`, 'a note is never answered, so it cannot be required');
      break;
  }
}

/**
 * Checks a framework definition (as sent by an admin or read from an import) and returns it
 * typed. Throws a ValidationError naming every bad field.
 */
export function validateFrameworkDefinition(input: unknown, path = ''): FrameworkDefinition {
  const c = new Checker();
  if (!isObj(input) || !Array.isArray(input.questions)) throw ValidationError.one(`${path}/questions`, 'must be a list of questions');
  const ids = new Set<string>();
  let storyTexts = 0;
  let storyTitles = 0;
  input.questions.forEach((q: unknown, i) => {
    const p = `${path}/questions/${i}`;
    if (!isObj(q)) return c.fail(p, 'must be an object');
    if (typeof q.id !== 'string' || !ID.test(q.id)) c.fail(`${p}/id`, 'must be an identifier (letters, digits, _ or -, starting with a letter)');
    else if (ids.has(q.id)) c.fail(`${p}/id`, `duplicate question id "${q.id}"`);
    else ids.add(q.id);
    if (!QUESTION_KINDS.includes(q.kind as Question['kind'])) return c.fail(`${p}/kind`, `must be one of ${QUESTION_KINDS.join(', ')}`);
    if (!QUESTION_ROLES.includes(q.role as Question['role'])) c.fail(`${p}/role`, `must be one of ${QUESTION_ROLES.join(', ')}`);
    c.text(q.label, `${p}/label`);
    if (q.help !== undefined) c.text(q.help, `${p}/help`);
    c.bool(q.required, `${p}/required`);
    if (q.kind === 'storyText') storyTexts++;
    if (q.kind === 'storyTitle') storyTitles++;
    checkQuestion(c, q, p);
    return true;
  });
  if (storyTexts !== 1) c.fail(`${path}/questions`, 'must contain exactly one storyText question');
  if (storyTitles > 1) c.fail(`${path}/questions`, 'must contain at most one storyTitle question');
  if (c.issues.length > 0) throw new ValidationError(c.issues);
  return input as unknown as FrameworkDefinition;
}
