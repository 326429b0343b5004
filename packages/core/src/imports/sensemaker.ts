import type { Answer, Answers } from '../answers.ts';
import type { Axis, FrameworkDefinition, Option, Question, QuestionRole } from '../framework.ts';
import type { LocalizedText } from '../i18n.ts';
import { parseCsvRecords } from './csv.ts';
import { IdAllocator, importedText, stripHtml } from './text.ts';

/**
 * Every signifier type we know from SenseMaker definitions, and what becomes of it. A type not
 * listed here is skipped with reason "unknown type", so an import never loses one silently.
 * `freetext` becomes `storyText` when it is the framework's fragment signifier.
 */
export const SENSEMAKER_TYPES = {
  triad: 'triad',
  dyad: 'dyad',
  stones: 'stones',
  list: 'singleChoice or multipleChoice',
  freetext: 'freeText or storyText',
  label: 'note',
  navigation: 'skipped',
  save: 'skipped',
} as const;
export type SenseMakerType = keyof typeof SENSEMAKER_TYPES;

export interface SkippedElement {
  id: string;
  type: string;
  reason: string;
}

export interface SenseMakerImportOptions {
  /** The layout file (`*_layout.json`): its pages give the question order the teller saw. */
  layout?: unknown;
  /** Roles by SenseMaker signifier id; SenseMaker has no roles, so defaults are guessed per type. */
  roles?: Record<string, QuestionRole>;
  /** A freetext signifier that is really the story's title (e.g. "give it a headline"). */
  titleSignifierId?: string;
}

/** Where an imported question came from: what reading a SenseMaker data export needs. */
export interface SenseMakerSource {
  smId: string;
  type: SenseMakerType;
  /** Anchor, item or stone ids in the order of our corners, options or items. */
  parts: string[];
}

export interface SenseMakerImport {
  definition: FrameworkDefinition;
  skipped: SkippedElement[];
  /** SenseMaker id (signifier, list item or stone) -> our id. */
  idMap: Record<string, string>;
  /** Keyed by our question id. */
  sources: Record<string, SenseMakerSource>;
  language: string | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** SenseMaker wraps most top-level scalars in one-element arrays (`"name": ["ADemo"]`). */
const scalar = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

const MAX_TEXT = 100_000;
const FREE_TEXT_MAX = 10_000;
const TITLE_MAX = 200;

const DEFAULT_ROLES: Record<'triad' | 'dyad' | 'stones' | 'list' | 'freetext' | 'label', QuestionRole> = {
  triad: 'situation',
  dyad: 'situation',
  stones: 'situation',
  list: 'context',
  freetext: 'context',
  label: 'context',
};

/** Stones canvases often draw their axes in the background image and leave the labels empty. */
const AXIS_FALLBACK: Record<'x' | 'y', Axis> = {
  x: { label: { nl: 'Horizontale as', en: 'Horizontal axis' }, low: { nl: 'Links', en: 'Left' }, high: { nl: 'Rechts', en: 'Right' } },
  y: { label: { nl: 'Verticale as', en: 'Vertical axis' }, low: { nl: 'Onder', en: 'Bottom' }, high: { nl: 'Boven', en: 'Top' } },
};

function orderedSignifiers(def: Obj, layout: unknown): Obj[] {
  const all = list(def.signifiers).filter(isObj);
  const byOrder = [...all].sort((a, b) => num(a.order, 0) - num(b.order, 0));
  const lay = scalar(layout);
  const settings = isObj(lay) && isObj(lay.settings) ? lay.settings : undefined;
  if (settings === undefined) return byOrder;
  const byId = new Map(all.map((s) => [str(s.id), s]));
  const seen = new Set<string>();
  const out: Obj[] = [];
  const sections = list(settings.sections).filter(isObj).sort((a, b) => num(a.order, 0) - num(b.order, 0));
  for (const section of sections) {
    const refs = list(section.signifiers).filter(isObj).sort((a, b) => num(a.order, 0) - num(b.order, 0));
    for (const ref of refs) {
      const s = byId.get(str(ref.id));
      if (s !== undefined && !seen.has(str(s.id))) {
        seen.add(str(s.id));
        out.push(s);
      }
    }
  }
  // Signifiers the layout forgot still belong to the framework.
  return [...out, ...byOrder.filter((s) => !seen.has(str(s.id)))];
}

/**
 * Maps a SenseMaker framework definition (`*_definition.json`) onto our question kinds. Anything
 * that has no place in a FrameworkDefinition (buttons, empty labels, unknown types) is listed in
 * `skipped` with the reason. The result is meant for `validateFrameworkDefinition`.
 */
export function frameworkFromSenseMaker(input: unknown, opts: SenseMakerImportOptions = {}): SenseMakerImport {
  const def = scalar(input);
  if (!isObj(def) || !Array.isArray(def.signifiers)) throw new TypeError('not a SenseMaker definition: expected an object with "signifiers"');
  const language = str(scalar(def.language)) || undefined;
  const fragmentId = str(scalar(def.fragment_signifier_id));
  const maxFragment = Math.min(Math.max(1, num(scalar(def.max_fragment), MAX_TEXT)), MAX_TEXT);
  const ids = new IdAllocator('sm_');
  const smId = (id: string) => ids.take(id, `sm_${id.replace(/-/g, '')}`);
  const text = (html: unknown): LocalizedText | undefined => {
    const t = stripHtml(str(html));
    return t === '' ? undefined : importedText(t, language);
  };

  const questions: Question[] = [];
  const skipped: SkippedElement[] = [];
  const sources: Record<string, SenseMakerSource> = {};

  for (const s of orderedSignifiers(def, opts.layout)) {
    const id = str(s.id);
    const type = str(s.type);
    const content = isObj(s.content) ? s.content : {};
    const skip = (reason: string) => skipped.push({ id, type, reason });
    if (!(type in SENSEMAKER_TYPES)) {
      skip('unknown type: not mapped, check whether it carries answers');
      continue;
    }
    const smType = type as SenseMakerType;
    if (smType === 'navigation' || smType === 'save') {
      skip('UI-only element (page navigation or submit button); the capture app has its own');
      continue;
    }
    const role = opts.roles?.[id] ?? DEFAULT_ROLES[smType];
    const label = text(s.title);
    // Ids are handed out only once a signifier is kept, so `idMap` lists exactly our questions.
    const base = () => ({ id: smId(id), role, label: label ?? { nl: '(zonder titel)', en: '(untitled)' }, required: s.required === true });
    const tooltip = text(s.tooltip);
    const help = tooltip !== undefined && !/^I'm (a|an) /i.test(tooltip.nl) ? { help: tooltip } : {};
    const anchors = list(content.labels).filter(isObj);
    const keep = (q: Question, parts: string[]) => {
      questions.push(q);
      sources[q.id] = { smId: id, type: smType, parts };
    };

    switch (smType) {
      case 'label': {
        const body = text(content.text);
        if (body === undefined) skip('label without text');
        else questions.push({ ...base(), label: body, required: false, kind: 'note' });
        break;
      }
      case 'triad': {
        const corners = anchors.map((a) => text(a.text));
        if (corners.length !== 3 || corners.some((c) => c === undefined)) {
          skip(`a triad needs three labelled anchors, found ${corners.filter(Boolean).length}`);
          break;
        }
        keep({ ...base(), ...help, kind: 'triad', corners: corners as [LocalizedText, LocalizedText, LocalizedText], allowNotApplicable: s.allow_na === true }, anchors.map((a) => str(a.id)));
        break;
      }
      case 'dyad': {
        const [left, right] = anchors.map((a) => text(a.text));
        if (anchors.length !== 2 || left === undefined || right === undefined) {
          skip(`a dyad needs two labelled anchors, found ${anchors.length}`);
          break;
        }
        keep({ ...base(), ...help, kind: 'dyad', left, right, allowNotApplicable: s.allow_na === true }, anchors.map((a) => str(a.id)));
        break;
      }
      case 'stones': {
        const stones = list(content.stones).filter(isObj);
        if (stones.length === 0) {
          skip('stones canvas without stones');
          break;
        }
        const axes = isObj(content.axis) ? content.axis : {};
        const axis = (k: 'x' | 'y'): Axis => {
          const a = isObj(axes[k]) ? (axes[k] as Obj) : {};
          const f = AXIS_FALLBACK[k];
          return { label: text(a.name) ?? f.label, low: text(a.start_label) ?? f.low, high: text(a.end_label) ?? f.high };
        };
        const items: Option[] = stones.map((st, i) => ({ id: smId(str(st.id)), label: text(st.title) ?? { nl: `Steen ${i + 1}`, en: `Stone ${i + 1}` } }));
        keep({ ...base(), ...help, kind: 'stones', xAxis: axis('x'), yAxis: axis('y'), items }, stones.map((st) => str(st.id)));
        break;
      }
      case 'list': {
        const entries = list(content.items).filter(isObj);
        if (entries.length === 0) {
          skip('list without items');
          break;
        }
        const options: Option[] = entries.map((it, i) => ({ id: smId(str(it.id)), label: text(it.title) ?? { nl: `Keuze ${i + 1}`, en: `Choice ${i + 1}` } }));
        const other = text(content.other_text);
        const withOther = other === undefined ? {} : { other };
        const maxResponses = num(content.max_responses, 1);
        const parts = entries.map((it) => str(it.id));
        if (maxResponses <= 1) {
          keep({ ...base(), ...help, kind: 'singleChoice', options, ...withOther }, parts);
        } else {
          const n = options.length + (other === undefined ? 0 : 1);
          const max = Math.min(maxResponses, n);
          const min = Math.min(Math.max(0, num(content.min_responses, 0)), max);
          keep({ ...base(), ...help, kind: 'multipleChoice', options, min, max, ...withOther }, parts);
        }
        break;
      }
      case 'freetext': {
        if (id === fragmentId) {
          keep({ ...base(), role: opts.roles?.[id] ?? 'story', required: true, kind: 'storyText', minLength: 1, maxLength: maxFragment }, []);
        } else if (id === opts.titleSignifierId) {
          keep({ ...base(), role: opts.roles?.[id] ?? 'story', kind: 'storyTitle', maxLength: TITLE_MAX }, []);
        } else {
          keep({ ...base(), ...help, kind: 'freeText', multiline: content.multiline !== false, maxLength: FREE_TEXT_MAX }, []);
        }
        break;
      }
    }
  }
  return { definition: { questions }, skipped, idMap: ids.map, sources, language };
}

/** One SenseMaker response read into our story shape, ready for `validateStoryAgainstFramework`. */
export interface SenseMakerStory {
  id: string;
  title: string | undefined;
  text: string;
  language: string | undefined;
  createdAt: string | undefined;
  answers: Answers;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
const truthy = (v: string | undefined) => v !== undefined && v.trim() !== '' && v.trim() !== '0' && v.trim().toLowerCase() !== 'false';
const number = (v: string | undefined): number | undefined => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/**
 * Reads one row of a SenseMaker data export. Column formats: triads `<sig>_<anchor>` (three
 * proportions) and `<sig>_NA`; dyads `<sig>_<anchor>` (the right anchor holds the position) and
 * `<sig>_NA`; stones `<sig>_<stone>_percentX/Y`; single lists `<sig>` holding the item id, multi
 * lists `<sig>_<item>` holding 1; freetext `<sig>`. `_percentX/Y` of triads are derived and ignored.
 */
export function senseMakerStory(imported: SenseMakerImport, row: Record<string, string>): SenseMakerStory {
  const answers: Answers = {};
  let text = '';
  let title: string | undefined;
  for (const q of imported.definition.questions) {
    const src = imported.sources[q.id];
    if (src === undefined) continue;
    const col = (suffix?: string) => row[suffix === undefined ? src.smId : `${src.smId}_${suffix}`];
    let answer: Answer | undefined;
    switch (q.kind) {
      case 'storyText':
        text = col() ?? '';
        break;
      case 'storyTitle':
        title = col() || undefined;
        break;
      case 'freeText': {
        const v = col();
        if (v !== undefined && v.trim() !== '') answer = { text: v };
        break;
      }
      case 'triad': {
        const w = src.parts.map((p) => number(col(p)));
        if (truthy(col('NA'))) answer = { notApplicable: true };
        else if (w.every((x) => x !== undefined)) answer = { weights: w.map((x) => clamp01(x as number)) as [number, number, number] };
        break;
      }
      case 'dyad': {
        const v = number(col(src.parts[1] ?? '')) ?? number(col('percentX'));
        if (truthy(col('NA'))) answer = { notApplicable: true };
        else if (v !== undefined) answer = { value: clamp01(v) };
        break;
      }
      case 'stones': {
        const placements: Record<string, { x: number; y: number }> = {};
        src.parts.forEach((stone, i) => {
          const x = number(col(`${stone}_percentX`));
          const y = number(col(`${stone}_percentY`));
          const item = q.items[i];
          if (x !== undefined && y !== undefined && item !== undefined) placements[item.id] = { x: clamp01(x), y: clamp01(y) };
        });
        if (Object.keys(placements).length > 0) answer = { placements };
        break;
      }
      case 'singleChoice': {
        const v = col()?.trim() ?? '';
        const i = src.parts.indexOf(v);
        const option = q.options[i];
        if (option !== undefined) answer = { optionId: option.id };
        else if (v !== '' && q.other !== undefined) answer = { other: v };
        break;
      }
      case 'multipleChoice': {
        const optionIds = src.parts.flatMap((item, i) => (truthy(col(item)) && q.options[i] !== undefined ? [q.options[i].id] : []));
        if (optionIds.length > 0) answer = { optionIds };
        break;
      }
    }
    if (answer !== undefined) answers[q.id] = answer;
  }
  const uploaded = number(row.server_upload_time);
  return {
    id: row.id ?? '',
    title,
    text,
    language: row.language || imported.language,
    createdAt: uploaded === undefined ? undefined : new Date(uploaded).toISOString(),
    answers,
  };
}

export function senseMakerStoriesFromCsv(imported: SenseMakerImport, csv: string): SenseMakerStory[] {
  return parseCsvRecords(csv).map((row) => senseMakerStory(imported, row));
}
