import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.ts';
import { validateFrameworkDefinition } from '../validate-framework.ts';
import { validateStoryAgainstFramework } from '../validate-story.ts';
import { parseCsv } from './csv.ts';
import { frameworkFromNarraFirma, NARRAFIRMA_QUESTION_TYPES, narraFirmaStoriesFromCsv } from './narrafirma.ts';

const dir = fileURLToPath(new URL('../../../../../shared/data/imports/narrafirma/', import.meta.url));
const present = existsSync(dir);
const read = (f: string) => readFileSync(`${dir}${f}`, 'utf8');

/** The question rows of a form file as plain cells: [short name, type, about]. */
function questionRows(csv: string): { name: string; type: string; about: string }[] {
  return parseCsv(csv)
    .map((r) => ({ name: (r[3] || r[0] || '').trim(), type: (r[1] ?? '').trim(), about: (r[2] ?? '').trim() }))
    .filter((r) => ['story', 'participant', 'annotation'].includes(r.about));
}

// The real exports live in ../shared (outside the repo); without them there is nothing to import.
describe.skipIf(!present)(`NarraFirma import (needs ${dir})`, () => {
  const forms = present ? { example: read('example_story_form.csv'), guide: read('import_guide_story_form.csv') } : { example: '', guide: '' };

  it('covers every question type used in both forms', () => {
    const types = new Set([...questionRows(forms.example), ...questionRows(forms.guide)].map((r) => r.type));
    expect([...types].sort()).toEqual([
      'Multi-choice multi-column texts',
      'Multi-choice multi-column yes/no',
      'Multi-choice single-column delimited',
      'Multi-choice single-column delimited indexed',
      'Scale',
      'Single choice',
      'Single choice indexed',
      'Text',
    ]);
    for (const t of types) expect(Object.keys(NARRAFIRMA_QUESTION_TYPES)).toContain(t);
  });

  for (const name of ['example', 'guide'] as const) {
    it(`maps each question of the ${name} form onto its kind, and the result validates`, () => {
      const imported = frameworkFromNarraFirma(forms[name], { language: 'en' });
      expect(() => validateFrameworkDefinition(imported.definition)).not.toThrow();
      const byId = new Map(imported.definition.questions.map((q) => [q.id, q]));
      for (const row of questionRows(forms[name])) {
        const q = byId.get(imported.idMap[row.name] ?? '');
        expect(q?.kind, row.name).toBe(NARRAFIRMA_QUESTION_TYPES[row.type as keyof typeof NARRAFIRMA_QUESTION_TYPES]);
      }
      expect(imported.definition.questions.filter((q) => q.kind === 'storyText')).toHaveLength(1);
      expect(imported.skipped.filter((s) => /unknown/.test(s.reason))).toEqual([]);
    });
  }

  it('reads prompts, options, write-ins, scales and form settings from the example form', () => {
    const imported = frameworkFromNarraFirma(forms.example, { language: 'en' });
    expect(imported.prompts).toEqual([
      { id: 'best_or_worst_moment', text: { nl: 'What was your best or worst moment?', en: 'What was your best or worst moment?' } },
      { id: 'responsibility', text: expect.objectContaining({ en: 'When you think of the word "responsibility," what moment comes to mind?' }) },
      { id: 'surprise', text: expect.objectContaining({ en: 'What happened that surprised you?' }) },
    ]);
    const q = (short: string) => imported.definition.questions.find((x) => x.id === imported.idMap[short]);
    expect(q('Feel about')).toMatchObject({ kind: 'multipleChoice', min: 0, max: 2, other: { en: 'Other' }, role: 'situation' });
    expect(q('Scope custom answer name')).toMatchObject({ options: [{ id: 'individual', label: { en: 'Individual' } }, { id: 'pair' }, { id: 'team' }, { id: 'system' }] });
    expect(q('Got what needed')).toMatchObject({ kind: 'scale', min: 0, max: 100, lowLabel: { en: 'nothing' }, highLabel: { en: 'everything' } });
    expect(q('Position')?.role).toBe('context');
    const kinds = imported.definition.questions.map((x) => x.kind);
    expect(kinds.slice(0, 3)).toEqual(['note', 'storyText', 'storyTitle']);
    expect(kinds.at(-1)).toBe('note');
    expect(imported.definition.questions[0]?.label).toEqual({ nl: 'Please tell us a story.', en: 'Please tell us a story.' });
    expect(imported.settings.form).toMatchObject({ Title: 'Welcome to the <i>story collection</i>!', 'Max num stories': '10' });
    expect(imported.settings.import['Scale range']).toEqual(['0', '100']);
    expect(imported.settings.elicitingColumn).toBe('Eliciting question answered');
    const skippedTypes = imported.skipped.map((s) => s.type);
    expect(skippedTypes).toEqual(expect.arrayContaining(['form: Title', 'form: Image', 'form: Thank you text', 'form: Custom CSS', 'form: Max num stories']));
    expect(skippedTypes).not.toContain('form: Start text');
    expect(imported.skipped.every((s) => s.reason !== '')).toBe(true);
  });

  it('expresses the example stories in our answer shapes', () => {
    const imported = frameworkFromNarraFirma(forms.example, { language: 'en' });
    const stories = narraFirmaStoriesFromCsv(imported, read('example_stories.csv'));
    expect(stories).toHaveLength(80);
    expect(stories.flatMap((s) => s.warnings)).toEqual([]);
    const [first, second, , fourth] = stories;
    const id = (short: string) => imported.idMap[short] ?? '';
    expect(first).toMatchObject({ title: 'The lost project', promptId: 'best_or_worst_moment', language: 'en', createdAt: '2021-07-28T00:00:00.000Z' });
    expect(first?.answers).toMatchObject({
      [id('Feel about')]: { optionIds: ['frustrated', 'disappointed'] },
      [id('Scope index')]: { optionId: 'team' },
      [id('Scope mixed-in write-ins')]: { other: 'Just me' },
      [id('Needed delimited')]: { optionIds: ['help', 'to_be_heard'] },
      [id('Needed index delimited')]: { optionIds: ['help', 'to_be_heard'] },
      [id('Needed yes/no')]: { optionIds: ['help', 'to_be_heard'] },
      [id('Will remember')]: { value: 55 },
      [id('Age group')]: { optionId: 'o_35-50' },
    });
    expect(second?.answers[id('Feel about')]).toEqual({ optionIds: ['satisfied'], other: 'great!' });
    expect(fourth?.answers[id('Scope custom answer name')]).toEqual({ optionId: 'individual' });

    // NarraFirma does not enforce maxNumAnswers on import; our validation does, and says where.
    let valid = 0;
    for (const s of stories) {
      try {
        validateStoryAgainstFramework(imported.definition, s);
        valid++;
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues).toEqual([{ path: `/answers/${id('Feel about')}/optionIds`, message: 'choose 0 to 2 options' }]);
      }
    }
    expect(valid).toBe(79);
  });

  it('reads the import-guide stories with their custom columns, separators and scale range', () => {
    const imported = frameworkFromNarraFirma(forms.guide);
    const stories = narraFirmaStoriesFromCsv(imported, read('import_guide_stories.csv'));
    expect(stories).toHaveLength(3);
    expect(stories.flatMap((s) => s.warnings)).toEqual([]);
    for (const s of stories) expect(() => validateStoryAgainstFramework(imported.definition, s)).not.toThrow();
    const id = (short: string) => imported.idMap[short] ?? '';
    expect(stories[0]).toMatchObject({ title: 'Never would have guessed', text: 'I was surprised one day when...', participantId: '2554', promptId: 'surprise' });
    expect(stories[0]?.answers).toMatchObject({
      [id('How long remember')]: { value: 22 },
      [id('Where story came from')]: { optionId: 'first-person' },
      [id('How long ago')]: { optionId: 'from_6_months_to_a_year_ago' },
      [id('Needed')]: { optionIds: ['to_be_helped'] },
      [id('People who helped')]: { optionIds: ['a_manager', 'a_colleague'] },
      [id('Who would be surprised')]: { optionIds: ['the_people_at_the_head_office', 'our_competitors'] },
      [id('Comment')]: { text: "It's okay" },
    });
  });
});
