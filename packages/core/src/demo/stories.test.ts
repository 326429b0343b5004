import { describe, expect, it } from 'vitest';
import { validateFrameworkDefinition } from '../validate-framework.ts';
import { validateStoryAgainstFramework } from '../validate-story.ts';
import { CHANNELS, PANEL_CODE } from '../story.ts';
import { defaultFrameworkNl, defaultPromptsNl } from './framework-nl.ts';
import { demoStories } from './stories.ts';

const now = new Date('2025-06-01T12:00:00Z');
const def = defaultFrameworkNl();
const stories = demoStories(def, { count: 300, seed: 42, now });

const positiveRate = (xs: typeof stories) => xs.filter((s) => (s.answers.uitkomst as { optionId?: string }).optionId === 'verbeterd').length / xs.length;
const situation = (s: (typeof stories)[number]) => (s.answers.situatie as { optionId?: string }).optionId;
const interventions = (s: (typeof stories)[number]) => (s.answers.interventie as { optionIds: string[] }).optionIds;

describe('demoStories', () => {
  it('generates stories that all pass validation', () => {
    expect(stories).toHaveLength(300);
    for (const s of stories) expect(() => validateStoryAgainstFramework(def, s), s.text).not.toThrow();
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(demoStories(def, { count: 300, seed: 42, now })).toEqual(stories);
    expect(demoStories(def, { count: 5, seed: 43, now })[0]?.id).not.toBe(stories[0]?.id);
  });

  it('fills the story fields realistically', () => {
    const prompts = new Set(defaultPromptsNl().map((p) => p.id));
    const sixMonths = now.getTime() - 186 * 86_400_000;
    for (const s of stories) {
      expect(s.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(CHANNELS).toContain(s.channel);
      expect(prompts).toContain(s.promptId);
      if (s.panelCode !== undefined) expect(s.panelCode).toMatch(PANEL_CODE);
      const t = Date.parse(s.createdAt);
      expect(t).toBeGreaterThan(sixMonths);
      expect(t).toBeLessThanOrEqual(now.getTime());
      const sentences = s.text.split(/(?<=[.?!])\s+/).length;
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(6);
      expect(s.text).not.toMatch(/[{}]/);
    }
    expect(new Set(stories.map((s) => s.id)).size).toBe(300);
    expect(new Set(stories.map((s) => s.text)).size).toBeGreaterThan(250);
    expect(new Set(stories.map((s) => s.tellerKind))).toEqual(new Set(['staff', 'client']));
    expect(stories.some((s) => s.panelCode !== undefined)).toBe(true);
    expect(stories.map((s) => s.createdAt)).toEqual(stories.map((s) => s.createdAt).sort());
  });

  it('plants effects a simple count can see', () => {
    // A larger sample than the 300 above, so the count reflects the plant rather than the seed.
    const many = demoStories(def, { count: 1200, seed: 42, now });
    const debt = many.filter((s) => situation(s) === 'schulden');
    const visitOrTailored = debt.filter((s) => interventions(s).some((i) => i === 'huisbezoek' || i === 'maatwerkbesluit'));
    const neither = debt.filter((s) => !visitOrTailored.includes(s));
    expect(visitOrTailored.length).toBeGreaterThan(50);
    expect(neither.length).toBeGreaterThan(50);
    expect(positiveRate(visitOrTailored) - positiveRate(neither)).toBeGreaterThan(0.2);

    const crisis = many.filter((s) => situation(s) === 'crisis');
    const referralOnly = crisis.filter((s) => interventions(s).join() === 'doorverwijzing_schuldhulp');
    const withTeam = crisis.filter((s) => interventions(s).includes('wijkteam'));
    expect(referralOnly.length).toBeGreaterThan(10);
    expect(positiveRate(withTeam) - positiveRate(referralOnly)).toBeGreaterThan(0.2);
  });

  it('gives answers that agree with the text', () => {
    for (const s of stories) {
      if (interventions(s).includes('tolk_taalmaatje') && s.tellerKind === 'staff') expect(s.text).toMatch(/tolk|taalmaatje/);
      if (interventions(s).includes('huisbezoek')) expect(s.text).toMatch(/thuis|huisbezoek|keukentafel/);
    }
  });

  it('answers the required questions of a framework it was not made for', () => {
    const other = validateFrameworkDefinition({
      questions: [
        { id: 'tekst', kind: 'storyText', role: 'story', label: { nl: 'Verhaal' }, required: true, minLength: 0, maxLength: 80 },
        { id: 'mood', kind: 'triad', role: 'situation', label: { nl: 'Stemming' }, required: true, allowNotApplicable: false, corners: [{ nl: 'a' }, { nl: 'b' }, { nl: 'c' }] },
        { id: 'uitkomst', kind: 'scale', role: 'outcome', label: { nl: 'Cijfer' }, required: true, min: 1, max: 10, step: 1, allowNotApplicable: false },
        { id: 'interventie', kind: 'multipleChoice', role: 'intervention', label: { nl: 'Wat' }, required: true, min: 1, max: 1, options: [{ id: 'x', label: { nl: 'X' } }] },
      ],
    });
    for (const s of demoStories(other, { count: 50, seed: 7, now })) expect(() => validateStoryAgainstFramework(other, s)).not.toThrow();
  });
});
