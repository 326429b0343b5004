import { PANEL_CODE, ValidationError, validateStoryAgainstFramework, type FrameworkDefinition, type Issue, type Question } from '@vertelpunt/core';

/**
 * Client-side validation: the server's own check (@vertelpunt/core), so the form never
 * accepts what the API would refuse, plus the panel code the route schema checks.
 */
export function storyIssues(def: FrameworkDefinition, input: { title: string; text: string; answers: Record<string, unknown>; panelCode?: string }): Issue[] {
  const issues: Issue[] = [];
  try {
    validateStoryAgainstFramework(def, input);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    issues.push(...err.issues);
  }
  if (input.panelCode !== undefined && input.panelCode !== '' && !PANEL_CODE.test(input.panelCode)) issues.push({ path: '/panelCode', message: 'invalid panel code' });
  return issues;
}

/** The form field an issue path names: a question id, `text`, `title`, `panelCode` or `form`. */
export function fieldOf(path: string): string {
  const m = /^\/answers\/([^/]+)/.exec(path) ?? /^\/(text|title|panelCode|promptId)\b/.exec(path);
  return m?.[1] ?? 'form';
}

export interface IssueTexts {
  isRequired: string;
  minChars(n: number): string;
  maxChars(n: number): string;
  chooseCount(range: string): string;
  otherText: string;
  invalidAnswer: string;
  panelCodeInvalid: string;
}

/** A reader's sentence for an issue; the path decides the field, the message the wording. */
export function describeIssue(issue: Issue, t: IssueTexts, question?: Question): string {
  const m = issue.message;
  if (issue.path === '/panelCode') return t.panelCodeInvalid;
  if (m === 'is required') return t.isRequired;
  let r = /at least (\d+) characters/.exec(m);
  if (r) return t.minChars(Number(r[1]));
  r = /at most (\d+) characters/.exec(m);
  if (r) return t.maxChars(Number(r[1]));
  r = /^choose (.+) options$/.exec(m);
  if (r) return t.chooseCount(r[1]!.replace(' to ', '–'));
  if (issue.path.endsWith('/other')) return t.otherText;
  // A message the client does not know (a newer server): show it as the server put it.
  return question ? `${t.invalidAnswer} (${m})` : m;
}
