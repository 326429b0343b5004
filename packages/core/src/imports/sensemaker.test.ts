import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors.ts';
import type { QuestionKind } from '../framework.ts';
import { validateFrameworkDefinition } from '../validate-framework.ts';
import { validateStoryAgainstFramework } from '../validate-story.ts';
import { parseCsvRecords } from './csv.ts';
import { frameworkFromSenseMaker, senseMakerStory, SENSEMAKER_TYPES } from './sensemaker.ts';

const dir = fileURLToPath(new URL('../../../../../shared/data/imports/sensemaker/', import.meta.url));
const present = existsSync(dir);
const read = (f: string) => readFileSync(`${dir}${f}`, 'utf8');

const FRAGMENT = 'ca82ba5d-6102-4f69-94da-76c38c28ce9b';

/** What each SenseMaker type must become. A type in the file that is missing here fails the test. */
const EXPECTED: Record<string, (s: { content: Record<string, unknown>; id: string }) => QuestionKind | 'skipped'> = {
  triad: () => 'triad',
  dyad: () => 'dyad',
  stones: () => 'stones',
  list: (s) => ((s.content.max_responses as number) > 1 ? 'multipleChoice' : 'singleChoice'),
  freetext: (s) => (s.id === FRAGMENT ? 'storyText' : 'freeText'),
  label: (s) => (String(s.content.text).trim() === '' ? 'skipped' : 'note'),
  navigation: () => 'skipped',
  save: () => 'skipped',
};

// The real exports live in ../shared (outside the repo); without them there is nothing to import.
describe.skipIf(!present)(`SenseMaker import (needs ${dir})`, () => {
  const def = present ? JSON.parse(read('ademo_definition.json')) : { signifiers: [] };
  const layout = present ? JSON.parse(read('ademo_layout.json')) : undefined;
  const signifiers = def.signifiers as { id: string; type: string; content: Record<string, unknown> }[];
  const imported = frameworkFromSenseMaker(def, { layout });

  it('produces a definition that validates', () => {
    expect(() => validateFrameworkDefinition(imported.definition)).not.toThrow();
  });

  it('knows every signifier type in the file, and the mapper knows them too', () => {
    const types = new Set(signifiers.map((s) => s.type));
    expect([...types].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(SENSEMAKER_TYPES).sort()).toEqual(expect.arrayContaining([...types]));
    expect(imported.skipped.filter((s) => s.reason.startsWith('unknown'))).toEqual([]);
  });

  it('maps each signifier onto the expected kind, or skips it with a reason', () => {
    const byId = new Map(imported.definition.questions.map((q) => [q.id, q]));
    for (const s of signifiers) {
      const expected = EXPECTED[s.type]?.(s);
      const ours = imported.idMap[s.id];
      const skipped = imported.skipped.find((k) => k.id === s.id);
      if (expected === 'skipped') {
        expect(ours, `${s.type} ${s.id}`).toBeUndefined();
        expect(skipped?.reason, `${s.type} ${s.id}`).toMatch(/\w/);
      } else {
        expect(skipped, `${s.type} ${s.id}`).toBeUndefined();
        expect(byId.get(ours ?? '')?.kind, `${s.type} ${s.id}`).toBe(expected);
      }
    }
  });

  it('keeps the layout order, derives valid ids and strips HTML from labels', () => {
    const qs = imported.definition.questions;
    expect(qs.map((q) => q.kind).slice(0, 3)).toEqual(['note', 'note', 'singleChoice']);
    expect(imported.idMap[FRAGMENT]).toBe('sm_ca82ba5d61024f6994da76c38c28ce9b');
    const dyad = qs.find((q) => q.id === imported.idMap['b662e7f4-41b0-4525-8685-26c2a685d67d']);
    expect(dyad).toMatchObject({ kind: 'dyad', left: { nl: 'heavily\nmicro-managed', en: 'heavily\nmicro-managed' }, role: 'situation' });
    const feel = qs.find((q) => q.id === imported.idMap['e533b24f-1ac4-4506-8b10-0b1169cc7282']);
    expect(feel).toMatchObject({ kind: 'multipleChoice', min: 1, max: 3, other: { nl: 'Other' }, role: 'context' });
    expect(JSON.stringify(qs)).not.toMatch(/<\/?[a-z]+[^>]*>/i);
  });

  it('lets the caller choose roles and a title signifier', () => {
    const headline = 'a058fcb5-09cb-4f9a-ab39-d4ab39b91e3a';
    const outcome = '96c70934-24a2-40e3-98d8-692878fbc26c';
    const r = frameworkFromSenseMaker(def, { layout, roles: { [outcome]: 'outcome' }, titleSignifierId: headline });
    expect(r.definition.questions.find((q) => q.id === r.idMap[outcome])?.role).toBe('outcome');
    expect(r.definition.questions.find((q) => q.id === r.idMap[headline])?.kind).toBe('storyTitle');
    expect(() => validateFrameworkDefinition(r.definition)).not.toThrow();
  });

  const rows = present ? parseCsvRecords(read('ademo_data.csv')) : [];

  it('expresses real responses in our answer shapes without change', () => {
    for (const row of rows.slice(0, 3)) {
      const story = senseMakerStory(imported, row);
      expect(() => validateStoryAgainstFramework(imported.definition, story)).not.toThrow();
    }
    const first = senseMakerStory(imported, rows[0] ?? {});
    const triad = imported.idMap['dee85953-7226-45c5-9add-c146e5f4096f'] ?? '';
    const dyad = imported.idMap['b662e7f4-41b0-4525-8685-26c2a685d67d'] ?? '';
    const feel = imported.idMap['e533b24f-1ac4-4506-8b10-0b1169cc7282'] ?? '';
    const stones = imported.idMap['567bc704-5ce0-41a2-be56-6f55e1d328ae'] ?? '';
    expect(first.answers[triad]).toEqual({ weights: [0.5442477876106195, 0.22592298119469031, 0.22982923119469023] });
    expect(first.answers[dyad]).toEqual({ notApplicable: true });
    expect(first.answers[feel]).toEqual({ optionIds: [imported.idMap['b14c0538-4fdb-4516-95c7-b9b793516c47'], imported.idMap['3d8991f9-8673-489f-affd-d3a0046e5e89']] });
    expect(first.answers[stones]).toEqual({ placements: { [imported.idMap['19d77b68-f00b-46c6-824f-530d17999815'] ?? '']: { x: 0.8166396103896104, y: 0.8077886450381679 } } });
    expect(first.text).toMatch(/^I am a Driver Helper/);
    expect(first.createdAt).toBe('2015-07-28T22:05:39.568Z');
    const second = senseMakerStory(imported, rows[1] ?? {});
    expect(second.answers[dyad]).toEqual({ value: 0.7524109792284867 });
  });

  it('reads every response; the only rejections are answers the real data left out', () => {
    expect(rows).toHaveLength(129);
    let valid = 0;
    for (const row of rows) {
      try {
        validateStoryAgainstFramework(imported.definition, senseMakerStory(imported, row));
        valid++;
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).issues.map((i) => i.message)).toEqual((e as ValidationError).issues.map(() => 'is required'));
      }
    }
    expect(valid).toBeGreaterThan(120);
  });
});
