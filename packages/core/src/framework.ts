import type { LocalizedText } from './i18n.ts';

/**
 * What a question tells us about a story. Analytics relies on these roles: "what works"
 * crosses `situation` x `intervention` against `outcome`.
 * - `story`: the story's own title and text;
 * - `context`: about the teller or the client;
 * - `interpretation`: asked later, in a reflection session, not at capture.
 */
export const QUESTION_ROLES = ['story', 'situation', 'intervention', 'outcome', 'context', 'interpretation'] as const;
export type QuestionRole = (typeof QUESTION_ROLES)[number];

export const QUESTION_KINDS = [
  'storyTitle',
  'storyText',
  'freeText',
  'triad',
  'dyad',
  'stones',
  'singleChoice',
  'multipleChoice',
  'scale',
  'note',
] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export interface Option {
  id: string;
  label: LocalizedText;
  /** For outcome questions: whether choosing this option counts as a positive outcome. */
  positive?: boolean;
}

interface QuestionBase {
  /** Stable within a framework (and across its versions): answers are keyed by it. */
  id: string;
  role: QuestionRole;
  label: LocalizedText;
  help?: LocalizedText;
  required: boolean;
}

export interface StoryTitleQuestion extends QuestionBase {
  kind: 'storyTitle';
  maxLength: number;
}
export interface StoryTextQuestion extends QuestionBase {
  kind: 'storyText';
  minLength: number;
  maxLength: number;
}
export interface FreeTextQuestion extends QuestionBase {
  kind: 'freeText';
  multiline: boolean;
  maxLength: number;
}
/** Three labelled corners; the answer is three weights >= 0 summing to 1. */
export interface TriadQuestion extends QuestionBase {
  kind: 'triad';
  corners: [LocalizedText, LocalizedText, LocalizedText];
  allowNotApplicable: boolean;
}
/** Two labelled poles; the answer is a position in [0, 1] from `left` (0) to `right` (1). */
export interface DyadQuestion extends QuestionBase {
  kind: 'dyad';
  left: LocalizedText;
  right: LocalizedText;
  allowNotApplicable: boolean;
}
export interface Axis {
  label: LocalizedText;
  low: LocalizedText;
  high: LocalizedText;
}
/** A canvas with two axes; each item may be placed at (x, y) in [0, 1]^2 or left off. */
export interface StonesQuestion extends QuestionBase {
  kind: 'stones';
  xAxis: Axis;
  yAxis: Axis;
  items: Option[];
}
export interface SingleChoiceQuestion extends QuestionBase {
  kind: 'singleChoice';
  options: Option[];
  /** Label of the "other" write-in; absent when no write-in is offered. */
  other?: LocalizedText;
}
export interface MultipleChoiceQuestion extends QuestionBase {
  kind: 'multipleChoice';
  options: Option[];
  min: number;
  max: number;
  other?: LocalizedText;
}
export interface ScaleQuestion extends QuestionBase {
  kind: 'scale';
  min: number;
  max: number;
  step: number;
  lowLabel?: LocalizedText;
  highLabel?: LocalizedText;
  allowNotApplicable: boolean;
}
/** Display-only text between questions (instructions, thanks); never answered. */
export interface NoteQuestion extends QuestionBase {
  kind: 'note';
}

export type Question =
  | StoryTitleQuestion
  | StoryTextQuestion
  | FreeTextQuestion
  | TriadQuestion
  | DyadQuestion
  | StonesQuestion
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | ScaleQuestion
  | NoteQuestion;

/** The content of one framework version: what a teller is asked. */
export interface FrameworkDefinition {
  questions: Question[];
}

export const FRAMEWORK_VERSION_STATUSES = ['draft', 'published'] as const;
export type FrameworkVersionStatus = (typeof FRAMEWORK_VERSION_STATUSES)[number];
