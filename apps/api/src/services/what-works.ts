import { whatWorksFromGroups, type OutcomeGroup } from '@vertelpunt/analytics';
import { localize, type FrameworkDefinition, type Question } from '@vertelpunt/core';
import { outcomeGroups, type DashboardFilter } from '@vertelpunt/db';
import { columnsFor, type Reads } from './dashboard.ts';
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
  r: Reads,
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
  const groupsQuery = {
    filter: q.filter,
    collectionId: q.collectionId,
    situation: situation.id,
    intervention: intervention.id,
    outcome: outcome?.id ?? null,
    value: value?.id ?? null,
  };
  // Within a pattern SQL answers (the index holds no pattern membership: pattern runs reassign it).
  const cols = q.patternId ? null : await columnsFor(r, q.filter);
  const rows = cols?.outcomeGroups(groupsQuery) ?? (await outcomeGroups(r.db, { ...groupsQuery, ...(q.patternId ? { patternId: q.patternId } : {}) }));
  const positive = new Map(outcome?.options.map((o) => [o.id, o.positive ?? null]) ?? []);
  // Scale values to 0..1 as (v - min) / width: the sums follow linearly.
  const [min, width] = value?.kind === 'scale' ? [value.min, value.max - value.min] : [0, 1];
  const groups: OutcomeGroup[] = rows.map((r) => {
    const isPositive = r.outcomeOption === null ? null : (positive.get(r.outcomeOption) ?? null);
    const scaled = value ? { valueN: r.valueN, valueSum: (r.valueSum - r.valueN * min) / width, valueSumSq: (r.valueSumSq - 2 * min * r.valueSum + r.valueN * min * min) / (width * width) } : { valueN: 0, valueSum: 0, valueSumSq: 0 };
    return { situation: r.situation, intervention: r.intervention, n: r.n, known: isPositive === null ? 0 : r.n, positive: isPositive ? r.n : 0, ...scaled };
  });
  const result = whatWorksFromGroups(groups, { minN: q.minN });
  const label = (c: Choice, id: string) => localize(c.options.find((o) => o.id === id)?.label ?? { nl: id }, q.lang);
  return {
    minN: q.minN,
    questions: { situation: situation.id, intervention: intervention.id, outcome: outcome?.id ?? null, value: value?.id ?? null },
    situations: situation.options.map((o) => ({ id: o.id, label: label(situation, o.id) })),
    interventions: intervention.options.map((o) => ({ id: o.id, label: label(intervention, o.id) })),
    ...result,
  };
}
