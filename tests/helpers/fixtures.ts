import { randomUUID } from 'node:crypto';
import type { FrameworkDefinition } from '@vertelpunt/core';

/** A framework with one question of every kind, for capture tests. */
export function testFramework(): FrameworkDefinition {
  return {
    questions: [
      { id: 'title', kind: 'storyTitle', role: 'story', label: { nl: 'Titel', en: 'Title' }, required: false, maxLength: 120 },
      { id: 'text', kind: 'storyText', role: 'story', label: { nl: 'Je verhaal', en: 'Your story' }, required: true, minLength: 10, maxLength: 5000 },
      { id: 'doorslag', kind: 'triad', role: 'situation', label: { nl: 'Wat gaf de doorslag?' }, required: true, allowNotApplicable: true, corners: [{ nl: 'Vakbekwaamheid' }, { nl: 'Ethiek' }, { nl: 'Bevlogenheid' }] },
      { id: 'regels', kind: 'dyad', role: 'intervention', label: { nl: 'Maatwerk of regels?' }, required: true, allowNotApplicable: true, left: { nl: 'Maatwerk' }, right: { nl: 'Regels' } },
      {
        id: 'krachten',
        kind: 'stones',
        role: 'context',
        label: { nl: 'Wie had invloed?' },
        required: false,
        xAxis: { label: { nl: 'Invloed' }, low: { nl: 'weinig' }, high: { nl: 'veel' } },
        yAxis: { label: { nl: 'Steun' }, low: { nl: 'weinig' }, high: { nl: 'veel' } },
        items: [
          { id: 'klant', label: { nl: 'Klant' } },
          { id: 'team', label: { nl: 'Team' } },
        ],
      },
      { id: 'situatie', kind: 'singleChoice', role: 'situation', label: { nl: 'Situatie' }, required: true, options: [{ id: 'schulden', label: { nl: 'Schulden' } }, { id: 'huisvesting', label: { nl: 'Huisvesting' } }], other: { nl: 'Anders' } },
      { id: 'aanpak', kind: 'multipleChoice', role: 'intervention', label: { nl: 'Aanpak' }, required: true, min: 1, max: 2, options: [{ id: 'huisbezoek', label: { nl: 'Huisbezoek' } }, { id: 'maatwerk', label: { nl: 'Maatwerkbesluit' } }, { id: 'doorverwijzing', label: { nl: 'Doorverwijzing' } }], other: { nl: 'Anders' } },
      { id: 'uitkomst', kind: 'singleChoice', role: 'outcome', label: { nl: 'Uitkomst' }, required: true, options: [{ id: 'beter', label: { nl: 'Beter' }, positive: true }, { id: 'slechter', label: { nl: 'Slechter' }, positive: false }] },
      { id: 'tevreden', kind: 'scale', role: 'outcome', label: { nl: 'Tevredenheid' }, required: false, min: 1, max: 5, step: 1, allowNotApplicable: false },
      { id: 'toelichting', kind: 'freeText', role: 'context', label: { nl: 'Toelichting' }, required: false, multiline: true, maxLength: 500 },
    ],
  };
}

/** A valid story for `testFramework()` in the given collection. */
export function validStory(collectionId: string, overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    collectionId,
    promptId: 'trots',
    title: 'Een huisbezoek dat het verschil maakte',
    text: 'Bij een huisbezoek zag ik dat de schulden veel groter waren dan gedacht. We hebben samen een plan gemaakt.',
    language: 'nl',
    createdAt: new Date(Date.now() - 60_000).toISOString(),
    answers: {
      doorslag: { weights: [0.5, 0.3, 0.2] },
      regels: { value: 0.25 },
      krachten: { placements: { klant: { x: 0.2, y: 0.8 } } },
      situatie: { optionId: 'schulden' },
      aanpak: { optionIds: ['huisbezoek', 'maatwerk'] },
      uitkomst: { optionId: 'beter' },
      tevreden: { value: 4 },
    },
    ...overrides,
  };
}
