import type { Answer, FrameworkDefinition, Issue, Question } from '@vertelpunt/core';
import type { CollectionWithFramework, StoryBody } from '../lib/api.ts';
import { fieldOf, storyIssues } from './validation.ts';

export type CaptureCollection = CollectionWithFramework<FrameworkDefinition>;

/** What is kept of an unfinished story on a staff device (never at a kiosk). */
export interface Draft {
  promptId: string | undefined;
  title: string;
  text: string;
  panelCode: string;
  answers: Record<string, Answer>;
}

/** Questions shown at capture: interpretation questions are asked later, in reflection. */
export const askedAtCapture = (q: Question) => q.role !== 'interpretation';

/**
 * One story being told: what has been entered, what is wrong with it (the server's own
 * validation, run on every change) and the server's verdict after a submit. Components only
 * render it and call its setters.
 */
export class StoryForm {
  promptId = $state<string | undefined>(undefined);
  title = $state('');
  text = $state('');
  panelCode = $state('');
  answers = $state<Record<string, Answer>>({});
  readonly collection: CaptureCollection;
  private readonly withPanelCode: boolean;
  /** Fields the teller has left or changed; their issues show before the first submit. */
  touched = $state<Record<string, true>>({});
  attempted = $state(false);
  serverIssues = $state<Issue[]>([]);

  readonly questions: Question[];
  readonly textQuestion: Extract<Question, { kind: 'storyText' }> | undefined;
  readonly titleQuestion: Extract<Question, { kind: 'storyTitle' }> | undefined;

  issues = $derived.by(() => this.check());
  valid = $derived(this.issues.length === 0);

  constructor(collection: CaptureCollection, withPanelCode = false, draft?: Draft) {
    this.collection = collection;
    this.withPanelCode = withPanelCode;
    this.questions = this.definition.questions.filter(askedAtCapture);
    this.textQuestion = this.questions.find((q) => q.kind === 'storyText');
    this.titleQuestion = this.questions.find((q) => q.kind === 'storyTitle');
    if (draft) {
      this.promptId = collection.prompts.some((p) => p.id === draft.promptId) ? draft.promptId : undefined;
      this.title = draft.title;
      this.text = draft.text;
      this.panelCode = draft.panelCode;
      const known = new Set(this.questions.map((q) => q.id));
      this.answers = Object.fromEntries(Object.entries(draft.answers).filter(([id]) => known.has(id)));
    }
  }

  private check(): Issue[] {
    return storyIssues(this.definition, {
      title: this.title,
      text: this.text,
      answers: this.answers,
      ...(this.withPanelCode ? { panelCode: this.panelCode } : {}),
    });
  }

  get definition(): FrameworkDefinition {
    return this.collection.frameworkVersion.definition;
  }

  /** Issues to show next to a field: the server's, else the client's once it is touched. */
  issuesFor(field: string): Issue[] {
    const server = this.serverIssues.filter((i) => fieldOf(i.path) === field);
    if (server.length > 0) return server;
    if (!this.attempted && !this.touched[field]) return [];
    return this.issues.filter((i) => fieldOf(i.path) === field);
  }

  touch(field: string) {
    this.touched[field] = true;
  }

  /** Sets (or, with undefined, clears) one answer; the server's old verdict on it no longer holds. */
  setAnswer(questionId: string, answer: Answer | undefined) {
    if (answer === undefined) delete this.answers[questionId];
    else this.answers[questionId] = answer;
    this.changed(questionId);
  }

  changed(field: string) {
    this.touched[field] = true;
    if (this.serverIssues.some((i) => fieldOf(i.path) === field)) this.serverIssues = this.serverIssues.filter((i) => fieldOf(i.path) !== field);
  }

  isEmpty(): boolean {
    return this.title === '' && this.text === '' && this.panelCode === '' && this.promptId === undefined && Object.keys(this.answers).length === 0;
  }

  draft(): Draft {
    return $state.snapshot({ promptId: this.promptId, title: this.title, text: this.text, panelCode: this.panelCode, answers: this.answers }) as Draft;
  }

  /** The request body. The id is made once per story, so a resend is the same story. */
  body(id: string, language: string, channel?: 'web' | 'interview'): StoryBody {
    const d = this.draft();
    return {
      id,
      collectionId: this.collection.id,
      ...(d.promptId ? { promptId: d.promptId } : {}),
      ...(d.title.trim() ? { title: d.title.trim() } : {}),
      text: d.text.trim(),
      language,
      createdAt: new Date().toISOString(),
      ...(this.withPanelCode && d.panelCode ? { panelCode: d.panelCode } : {}),
      ...(channel ? { channel } : {}),
      answers: d.answers,
    };
  }
}
