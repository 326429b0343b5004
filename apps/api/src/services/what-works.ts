import { whatWorks, type OutcomeRow } from '@vertelpunt/analytics';
import { localize, type FrameworkDefinition, type Question } from '@vertelpunt/core';
import { outcomeFacts, type DashboardFilter, type Db } from '@vertelpunt/db';
import { UnprocessableError } from '../plugins/app/errors.ts';

type Choice = Extract<Question, { kind: 'singleChoice' | 'multipleChoice' }>;
const isChoice = (q: Question): q is Choice => q.kind === 'singleChoice' || q.kind === 'multipleChoice';

/**
 * Which interventions lead to results in which situation: the framework's first situation
 * choice crossed with its first intervention choice, against its outcome (the share of
 * stories whose outcome option counts as positive, and the mean outcome scale, 0..1).
 * Cells under the organisation's minimum group size carry no numbers at all. `filter` narrows
 * the stories as on the dashboard (period, team, channel, teller kind, answer conditions).
 */
export async function whatWorksFor(
  db: Db,
  q: { filter: DashboardFilter; collectionId: string; definition: FrameworkDefinition; minN: number; lang: string; patternId?: string },
) {
  const questions = q.definition.questions;
  const situation = questions.find((x) => x.role === 'situation' && isChoice(x)) as Choice | undefined;
  const intervention = questions.find((x) => x.role === 'intervention' && isChoice(x)) as Choice | undefined;
  const outcome = questions.find((x) => x.role === 'outcome' && isChoice(x) && x.options.some((o) => o.positive !== undefined)) as Choice | undefined;
  const value = questions.find((x) => x.role === 'outcome' && (x.kind === 'scale' || x.kind === 'dyad'));
  if (!situation || !intervention || (!outcome && !value)) {
    throw new UnprocessableError('this framework has no situation choice, intervention choice and outcome question to compare');
  }
  const facts = await outcomeFacts(db, {
    filter: q.filter,
    collectionId: q.collectionId,
    situation: situation.id,
    intervention: intervention.id,
    outcome: outcome?.id ?? null,
    value: value?.id ?? null,
    ...(q.patternId ? { patternId: q.patternId } : {}),
  });
  const positive = new Map(outcome?.options.map((o) => [o.id, o.positive ?? null]) ?? []);
  const scale = (v: number | null) => (v === null || !value ? null : value.kind === 'scale' ? (v - value.min) / (value.max - value.min) : v);
  const rows: OutcomeRow[] = [];
  for (const f of facts) {
    const outcomePositive = f.outcomeOption === null ? null : (positive.get(f.outcomeOption) ?? null);
    for (const s of f.situations ?? []) for (const i of f.interventions ?? []) rows.push({ situation: s, intervention: i, outcomePositive, outcomeValue: scale(f.outcomeValue) });
  }
  const result = whatWorks(rows, { minN: q.minN });
  const label = (c: Choice, id: string) => localize(c.options.find((o) => o.id === id)?.label ?? { nl: id }, q.lang);
  return {
    minN: q.minN,
    questions: { situation: situation.id, intervention: intervention.id, outcome: outcome?.id ?? null, value: value?.id ?? null },
    situations: situation.options.map((o) => ({ id: o.id, label: label(situation, o.id) })),
    interventions: intervention.options.map((o) => ({ id: o.id, label: label(intervention, o.id) })),
    ...result,
  };
}
