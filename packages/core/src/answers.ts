import type { Question } from './framework.ts';

/** Answer shapes, one per answerable question kind. `notApplicable` is "n/a". */
export type NotApplicable = { notApplicable: true };
export type TriadAnswer = { weights: [number, number, number] } | NotApplicable;
export type DyadAnswer = { value: number } | NotApplicable;
export type ScaleAnswer = { value: number } | NotApplicable;
export interface Point {
  x: number;
  y: number;
}
/** Items left off the canvas are simply absent from `placements`. */
export type StonesAnswer = { placements: Record<string, Point> };
export type SingleChoiceAnswer = { optionId: string } | { other: string };
export type MultipleChoiceAnswer = { optionIds: string[]; other?: string };
export type FreeTextAnswer = { text: string };

export type Answer =
  | TriadAnswer
  | DyadAnswer
  | ScaleAnswer
  | StonesAnswer
  | SingleChoiceAnswer
  | MultipleChoiceAnswer
  | FreeTextAnswer;

/** Answers keyed by question id. */
export type Answers = Record<string, Answer>;

export const TRIAD_SUM_TOLERANCE = 0.01;

/**
 * One answer flattened into typed values: the shape the database keeps for fast filtering
 * and aggregation (one row per chosen option, per placed stone, per scalar answer).
 * - triad: v1..v3 = the three weights
 * - dyad/scale: v1 = the value
 * - stones: itemId + v1 = x, v2 = y
 * - choices: optionId (or `text` for the "other" write-in)
 * - freeText: text
 */
export interface AnswerFact {
  questionId: string;
  kind: Question['kind'];
  notApplicable: boolean;
  optionId: string | null;
  itemId: string | null;
  v1: number | null;
  v2: number | null;
  v3: number | null;
  text: string | null;
}

export function answerFacts(questions: readonly Question[], answers: Answers): AnswerFact[] {
  const facts: AnswerFact[] = [];
  for (const q of questions) {
    const a = answers[q.id];
    if (a === undefined) continue;
    const base = { questionId: q.id, kind: q.kind, notApplicable: false, optionId: null, itemId: null, v1: null, v2: null, v3: null, text: null };
    if ('notApplicable' in a) {
      facts.push({ ...base, notApplicable: true });
    } else if ('weights' in a) {
      facts.push({ ...base, v1: a.weights[0], v2: a.weights[1], v3: a.weights[2] });
    } else if ('value' in a) {
      facts.push({ ...base, v1: a.value });
    } else if ('placements' in a) {
      for (const [itemId, p] of Object.entries(a.placements)) facts.push({ ...base, itemId, v1: p.x, v2: p.y });
    } else if ('optionIds' in a) {
      for (const optionId of a.optionIds) facts.push({ ...base, optionId });
      if (a.other !== undefined) facts.push({ ...base, text: a.other });
    } else if ('optionId' in a) {
      facts.push({ ...base, optionId: a.optionId });
    } else if ('other' in a) {
      facts.push({ ...base, text: a.other });
    } else if ('text' in a) {
      facts.push({ ...base, text: a.text });
    }
  }
  return facts;
}
