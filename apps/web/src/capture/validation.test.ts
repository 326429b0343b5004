import { describe, expect, it } from 'vitest';
import { defaultFrameworkNl } from '@vertelpunt/core/demo';
import { describeIssue, fieldOf, storyIssues, type IssueTexts } from './validation.ts';

const def = defaultFrameworkNl();
const t: IssueTexts = {
  isRequired: 'verplicht',
  minChars: (n) => `min ${n}`,
  maxChars: (n) => `max ${n}`,
  chooseCount: (r) => `kies ${r}`,
  otherText: 'anders',
  invalidAnswer: 'ongeldig',
  panelCodeInvalid: 'panelcode',
};

describe('client validation mirrors the server', () => {
  it('names every missing required answer and a short text', () => {
    const issues = storyIssues(def, { title: '', text: 'kort', answers: {} });
    const fields = issues.map((i) => fieldOf(i.path));
    expect(fields).toContain('text');
    expect(fields).toEqual(expect.arrayContaining(['doorslag', 'beleid_praktijk', 'situatie', 'interventie', 'uitkomst', 'effect', 'verteller']));
    // Optional and interpretation questions are not asked for.
    expect(fields).not.toContain('krachtenveld');
    expect(fields).not.toContain('les');
  });

  it('describes issues in the reader\'s words', () => {
    const issues = storyIssues(def, { title: '', text: 'kort', answers: { interventie: { optionIds: [] }, situatie: { other: ' ' } } });
    const byField = Object.fromEntries(issues.map((i) => [fieldOf(i.path), describeIssue(i, t)]));
    expect(byField.text).toBe('min 20');
    expect(byField.interventie).toBe('kies 1–4');
    expect(byField.situatie).toBe('anders');
    expect(byField.doorslag).toBe('verplicht');
  });

  it('checks the panel code like the route schema', () => {
    expect(storyIssues(def, { title: '', text: 'x'.repeat(30), answers: {}, panelCode: 'a b' }).some((i) => i.path === '/panelCode')).toBe(true);
    expect(storyIssues(def, { title: '', text: 'x'.repeat(30), answers: {}, panelCode: 'K-2041' }).some((i) => i.path === '/panelCode')).toBe(false);
  });
});
