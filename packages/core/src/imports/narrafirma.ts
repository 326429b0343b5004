import type { Answer, Answers } from '../answers.ts';
import type { Prompt } from '../collection.ts';
import type { FrameworkDefinition, Option, Question, QuestionRole } from '../framework.ts';
import type { LocalizedText } from '../i18n.ts';
import { parseCsv } from './csv.ts';
import { IdAllocator, importedText, stripHtml } from './text.ts';
import type { SkippedElement } from './sensemaker.ts';

/**
 * NarraFirma's question types (its "import value types": how a question's answers are laid out in
 * a data file) and the kind each becomes. "Multiple choice" is its legacy name for the first
 * multi-choice variant; Boolean and Checkbox are its yes/no questions.
 */
export const NARRAFIRMA_QUESTION_TYPES = {
  'Single choice': 'singleChoice',
  'Single choice indexed': 'singleChoice',
  Radiobuttons: 'singleChoice',
  Boolean: 'singleChoice',
  Checkbox: 'singleChoice',
  'Multiple choice': 'multipleChoice',
  'Multi-choice multi-column texts': 'multipleChoice',
  'Multi-choice multi-column yes/no': 'multipleChoice',
  'Multi-choice single-column delimited': 'multipleChoice',
  'Multi-choice single-column delimited indexed': 'multipleChoice',
  Scale: 'scale',
  Text: 'freeText',
  Textarea: 'freeText',
} as const;
export type NarraFirmaQuestionType = keyof typeof NARRAFIRMA_QUESTION_TYPES;

/** Form texts that have a place in our framework as a display-only note. */
const NOTE_SETTINGS = ['Start text', 'About you text', 'End text'] as const;

export interface NarraFirmaImportOptions {
  /** Language of the form's texts (NarraFirma forms do not say). */
  language?: string;
  /** Roles by question short name; defaults: story questions `situation` (text: `context`), participant `context`, annotation `interpretation`. */
  roles?: Record<string, QuestionRole>;
}

/** What reading a NarraFirma data file needs to know about one of our questions. */
export interface NarraFirmaSource {
  column: string;
  type: NarraFirmaQuestionType;
  /** Names used in data cells or headers, one per option of ours (NarraFirma's "data|display" answers). */
  answerNames: string[];
  writeInsInSeparateColumn: boolean;
  /** The scale's range in the data file; converted to our 0..100. */
  scaleRange?: [number, number];
}

export interface NarraFirmaImport {
  definition: FrameworkDefinition;
  prompts: Prompt[];
  skipped: SkippedElement[];
  /** NarraFirma short name -> our question id; eliciting question data names -> our prompt id. */
  idMap: Record<string, string>;
  promptIdMap: Record<string, string>;
  /** Form texts (by NarraFirma's type name, HTML kept) and import settings, e.g. column names. */
  settings: { form: Record<string, string>; import: Record<string, string[]>; elicitingColumn: string };
  /** Keyed by our question id. */
  sources: Record<string, NarraFirmaSource>;
}

interface FormRow {
  fields: Record<string, string>;
  answers: string[];
}

/**
 * NarraFirma's own reading of a form file: lines whose first cell starts with ";" or whose first
 * two cells are blank are comments; the header ends at its first empty cell; every cell from the
 * last header column on belongs to that column ("Answers"), empty ones dropped; cells are trimmed.
 */
function readForm(csv: string): FormRow[] {
  let header: string[] | undefined;
  const rows: FormRow[] = [];
  for (const row of parseCsv(csv)) {
    const a = (row[0] ?? '').trim();
    const b = (row[1] ?? '').trim();
    if (row.length < 2 || (a === '' && b === '') || a.startsWith(';')) continue;
    if (header === undefined) {
      const end = row.findIndex((h) => h.trim() === '');
      header = (end === -1 ? row : row.slice(0, end)).map((h) => h.trim());
      continue;
    }
    const last = header.length - 1;
    const fields: Record<string, string> = {};
    header.slice(0, last).forEach((h, i) => (fields[h] = (row[i] ?? '').trim()));
    rows.push({ fields, answers: row.slice(last).map((c) => c.trim()).filter((c) => c !== '') });
  }
  return rows;
}

const YES_NO: Option[] = [
  { id: 'yes', label: { nl: 'Ja', en: 'Yes' } },
  { id: 'no', label: { nl: 'Nee', en: 'No' } },
];

const int = (s: string | undefined): number | undefined => {
  const n = s === undefined ? NaN : parseInt(s, 10);
  return Number.isNaN(n) ? undefined : n;
};

/**
 * Maps a NarraFirma story form (CSV) onto a framework definition plus the eliciting questions as
 * collection prompts. The story's title and text are always asked in NarraFirma, so both become
 * questions. Form presentation settings without a counterpart are reported in `skipped` and kept
 * in `settings.form`; import settings are kept in `settings.import` for reading data files.
 */
export function frameworkFromNarraFirma(csv: string, opts: NarraFirmaImportOptions = {}): NarraFirmaImport {
  const text = (s: string): LocalizedText => importedText(s, opts.language);
  const plain = (html: string) => stripHtml(html);
  const ids = new IdAllocator('q_');
  const promptIds = new IdAllocator('p_');
  const skipped: SkippedElement[] = [];
  const prompts: Prompt[] = [];
  const form: Record<string, string> = {};
  const importSettings: Record<string, string[]> = {};
  const sources: Record<string, NarraFirmaSource> = {};
  const groups: Record<'story' | 'participant' | 'annotation', Question[]> = { story: [], participant: [], annotation: [] };
  let elicitingColumn = 'Eliciting question';
  const rows = readForm(csv);

  // Import settings first: scale questions read the global range.
  for (const { fields, answers } of rows) if (fields.About === 'import' && answers.length > 0) importSettings[fields.Type ?? ''] = answers;
  const globalRange = importSettings['Scale range'];

  rows.forEach(({ fields, answers }, i) => {
    const about = fields.About ?? '';
    const type = fields.Type ?? '';
    const name = fields['Short name'] || fields['Data column name'] || '';
    const skip = (reason: string) => skipped.push({ id: name || `row ${i + 1}`, type: `${about}: ${type}`, reason });
    if (about === 'import') return;
    if (about === 'eliciting') {
      elicitingColumn = fields['Data column name'] || elicitingColumn;
      if (fields['Long name']) form['Choose question text'] = fields['Long name'];
      for (const def of answers) {
        const parts = def.split('|').map((p) => p.trim());
        // One part: name and text alike; two: data/short name and text; three: data, short, text.
        const dataName = parts[0] ?? '';
        const prompt = plain(parts[parts.length - 1] ?? '') || dataName;
        prompts.push({ id: promptIds.take(dataName, parts.length === 3 ? parts[1] : dataName), text: text(prompt) });
      }
      return;
    }
    if (about === 'form') {
      const value = answers[0];
      if (value === undefined) skip('empty form setting');
      else {
        form[type] = value;
        if (!(NOTE_SETTINGS as readonly string[]).includes(type)) skip('form presentation setting with no place in a framework; kept in settings.form');
      }
      return;
    }
    if (about === 'ignore') return skip('marked "ignore" in the form');
    if (about !== 'story' && about !== 'participant' && about !== 'annotation') return skip(`unknown "About" value "${about}"`);
    if (!(type in NARRAFIRMA_QUESTION_TYPES)) return skip(`unknown question type "${type}"`);
    const nfType = type as NarraFirmaQuestionType;
    const kind = NARRAFIRMA_QUESTION_TYPES[nfType];
    const options = fields.Options ?? '';
    const option = (key: string) => options.split('|').find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1).trim();
    const defaultRole: QuestionRole = about === 'participant' ? 'context' : about === 'annotation' ? 'interpretation' : kind === 'freeText' ? 'context' : 'situation';
    const id = ids.take(name);
    const label = plain(fields['Long name'] ?? '') || name;
    const base = { id, role: opts.roles?.[name] ?? defaultRole, label: text(label), required: false };
    const source: NarraFirmaSource = { column: fields['Data column name'] || name, type: nfType, answerNames: [], writeInsInSeparateColumn: option('writeInTextsAreInSeparateColumn') !== 'no' };
    const writeIn = option('writeInTextBoxLabel');
    const other = writeIn ? { other: text(writeIn) } : {};
    let question: Question;
    if (kind === 'scale') {
      const range = answers.length >= 4 ? answers.slice(2, 4) : globalRange;
      const [lo, hi] = [int(range?.[0]), int(range?.[1])];
      if (lo !== undefined && hi !== undefined && lo !== hi) source.scaleRange = [lo, hi];
      const labels = { ...(answers[0] ? { lowLabel: text(plain(answers[0])) } : {}), ...(answers[1] ? { highLabel: text(plain(answers[1])) } : {}) };
      // NarraFirma keeps every scale as 0..100 and converts imported values into that range.
      question = { ...base, kind: 'scale', min: 0, max: 100, step: 1, ...labels, allowNotApplicable: true };
    } else if (kind === 'freeText') {
      question = { ...base, kind: 'freeText', multiline: nfType === 'Textarea', maxLength: nfType === 'Textarea' ? 10_000 : 1_000 };
    } else if (nfType === 'Boolean' || nfType === 'Checkbox') {
      question = { ...base, kind: 'singleChoice', options: YES_NO };
    } else {
      if (answers.length === 0) return skip('choice question without answers');
      const optionIds = new IdAllocator('o_');
      const choices: Option[] = answers.map((a) => {
        const [dataName = '', display = dataName] = a.split('|').map((p) => p.trim());
        source.answerNames.push(dataName);
        return { id: optionIds.take(dataName, display), label: text(plain(display) || dataName) };
      });
      if (kind === 'singleChoice') question = { ...base, kind: 'singleChoice', options: choices, ...other };
      else {
        const n = choices.length + (writeIn ? 1 : 0);
        const max = Math.min(int(option('maxNumAnswers')) ?? n, n);
        question = { ...base, kind: 'multipleChoice', options: choices, min: 0, max: Math.max(1, max), ...other };
      }
    }
    groups[about].push(question);
    sources[id] = source;
  });

  const note = (setting: (typeof NOTE_SETTINGS)[number]): Question[] => {
    const body = form[setting] === undefined ? '' : plain(form[setting]);
    return body === '' ? [] : [{ id: ids.take(`form:${setting}`, setting), role: 'context', kind: 'note', label: text(body), required: false }];
  };
  const formText = (setting: string, fallback: LocalizedText) => (form[setting] ? text(plain(form[setting])) : fallback);
  const questions: Question[] = [
    ...note('Start text'),
    { id: ids.take('form:Story text', 'story_text'), role: 'story', kind: 'storyText', label: formText('Enter story text', { nl: 'Vertel je verhaal', en: 'Tell your story' }), required: true, minLength: 1, maxLength: 100_000 },
    { id: ids.take('form:Story title', 'story_title'), role: 'story', kind: 'storyTitle', label: formText('Name story text', { nl: 'Geef je verhaal een titel', en: 'Give your story a title' }), required: false, maxLength: 200 },
    ...groups.story,
    ...(groups.participant.length > 0 ? note('About you text') : []),
    ...groups.participant,
    ...groups.annotation,
    ...note('End text'),
  ];
  return {
    definition: { questions },
    prompts,
    skipped,
    idMap: ids.map,
    promptIdMap: promptIds.map,
    settings: { form, import: importSettings, elicitingColumn },
    sources,
  };
}

export interface NarraFirmaStory {
  title: string | undefined;
  text: string;
  promptId: string | undefined;
  participantId: string | undefined;
  /** ISO code when the language name is known ("Français" -> "fr"), otherwise as written. */
  language: string | undefined;
  createdAt: string | undefined;
  answers: Answers;
  /** Cells that matched no question or option: NarraFirma logs these too and reads on. */
  warnings: string[];
}

const LANGUAGE_CODES: Record<string, string> = { english: 'en', nederlands: 'nl', dutch: 'nl', français: 'fr', francais: 'fr', deutsch: 'de', español: 'es', espanol: 'es' };

function languageCode(name: string): string | undefined {
  const n = name.trim().toLowerCase();
  if (n === '') return undefined;
  return LANGUAGE_CODES[n] ?? name.trim();
}

/** NarraFirma converts a scale's data range linearly onto 0..100, rounding. */
function toPercent(value: number, range: [number, number] | undefined): number {
  if (range === undefined) return value;
  const [lo, hi] = range;
  return Math.min(100, Math.max(0, Math.round(((value - lo) * 100) / (hi - lo))));
}

/**
 * Reads a NarraFirma stories file against an imported form. Column layouts follow the question's
 * import type: one column per question, several columns under one header (multi-column texts),
 * `Question<sep>Answer<end>` headers with a yes indicator (multi-column yes/no), one delimited
 * cell (single-column), 1-based indexes (indexed), and `WRITEIN_<column>` for write-ins.
 */
export function narraFirmaStoriesFromCsv(imported: NarraFirmaImport, csv: string): NarraFirmaStory[] {
  const set = (key: string, fallback: string) => imported.settings.import[key]?.[0] ?? fallback;
  const titleCol = set('Story title column name', 'Story title');
  const textCol = set('Story text column name', 'Story text');
  const participantCol = set('Participant ID column name', 'Participant ID');
  const dateCol = set('Story collection date column name', 'Collection date');
  const languageCol = set('Language column name', 'Language');
  const yes = set('Yes no questions yes indicator', 'Yes');
  const separator = imported.settings.import['Yes no questions Q-A separator']?.[0];
  const ending = imported.settings.import['Yes no questions Q-A ending']?.[0];
  const rawDelimiter = set('Multi choice single column delimiter', ',');
  const delimiter = rawDelimiter.toLowerCase() === 'space' ? ' ' : rawDelimiter;
  const questions = new Map(imported.definition.questions.map((q) => [q.id, q]));
  const byColumn = new Map(Object.entries(imported.sources).map(([id, s]) => [s.column, { id, s }]));

  const rows = parseCsv(csv).filter((r) => r.some((c) => c.trim() !== '') && !(r[0] ?? '').trim().startsWith(';'));
  const [header = [], ...data] = rows;
  return data.map((row) => {
    const warnings: string[] = [];
    const picked = new Map<string, Set<number>>();
    const singles = new Map<string, string>();
    const writeIns = new Map<string, string>();
    const story: NarraFirmaStory = { title: undefined, text: '', promptId: undefined, participantId: undefined, language: undefined, createdAt: undefined, answers: {}, warnings };
    const pick = (id: string, index: number) => {
      const s = picked.get(id) ?? new Set<number>();
      s.add(index);
      picked.set(id, s);
    };

    header.forEach((rawHeader, col) => {
      const h = rawHeader.trim();
      const value = (row[col] ?? '').trim();
      if (value === '') return;
      if (h === titleCol) story.title = value;
      else if (h === textCol) story.text = value;
      else if (h === participantCol) story.participantId = value;
      else if (h === languageCol) story.language = languageCode(value);
      else if (h === dateCol) story.createdAt = /^\d{4}-\d{2}-\d{2}/.test(value) ? `${value.slice(0, 10)}T00:00:00.000Z` : undefined;
      else if (h === imported.settings.elicitingColumn) {
        story.promptId = imported.promptIdMap[value];
        if (story.promptId === undefined) warnings.push(`${h}: no eliciting question "${value}"`);
      } else if (h.startsWith('WRITEIN_')) {
        const target = byColumn.get(h.slice('WRITEIN_'.length).trim());
        if (target === undefined) warnings.push(`${h}: no question for this write-in column`);
        else writeIns.set(target.id, value);
      } else {
        let field = h;
        let answerName: string | undefined;
        if (separator !== undefined && h.includes(separator)) {
          field = h.slice(0, h.indexOf(separator)).trim();
          const rest = h.slice(h.indexOf(separator) + separator.length).trim();
          answerName = ending !== undefined && rest.includes(ending) ? rest.slice(0, rest.indexOf(ending)) : rest;
        }
        const target = byColumn.get(field);
        if (target === undefined) return warnings.push(`${h}: no question for this column`);
        const { id, s } = target;
        const index = (name: string) => s.answerNames.indexOf(name);
        switch (s.type) {
          case 'Single choice indexed': {
            const n = int(value);
            const name = n === undefined ? undefined : s.answerNames[n - 1];
            if (name !== undefined) singles.set(id, name);
            else warnings.push(`${h}: no answer with index "${value}"`);
            break;
          }
          case 'Multi-choice multi-column yes/no':
            if (value === yes) {
              const i = index(answerName ?? '');
              if (i >= 0) pick(id, i);
              else warnings.push(`${h}: no answer "${answerName}"`);
            }
            break;
          case 'Multi-choice single-column delimited':
          case 'Multi-choice single-column delimited indexed':
            for (const part of value.split(delimiter).map((p) => p.trim()).filter((p) => p !== '')) {
              // Indexes cannot contain spaces, so "1 4" under a "," delimiter is still two of them.
              const names = s.type.endsWith('indexed') ? part.split(/\s+/).map((n) => (int(n) ?? 0) - 1) : [index(part)];
              for (const i of names) {
                if (i >= 0 && i < s.answerNames.length) pick(id, i);
                else warnings.push(`${h}: no answer "${part}"`);
              }
            }
            break;
          case 'Multiple choice':
          case 'Multi-choice multi-column texts': {
            const i = index(value);
            if (i >= 0) pick(id, i);
            else warnings.push(`${h}: no answer "${value}"`);
            break;
          }
          default:
            singles.set(id, value);
        }
      }
    });

    const answers: Answers = {};
    for (const [id, s] of Object.entries(imported.sources)) {
      const q = questions.get(id);
      const raw = singles.get(id);
      const other = writeIns.get(id);
      let answer: Answer | undefined;
      if (q?.kind === 'multipleChoice') {
        const chosen = [...(picked.get(id) ?? [])].sort((a, b) => a - b).flatMap((i) => (q.options[i] ? [q.options[i].id] : []));
        if (chosen.length > 0 || other !== undefined) answer = other === undefined ? { optionIds: chosen } : { optionIds: chosen, other };
      } else if (q?.kind === 'singleChoice' && (s.type === 'Boolean' || s.type === 'Checkbox')) {
        const v = raw?.toLowerCase();
        if (v === 'yes' || v === 'true' || v === yes.toLowerCase()) answer = { optionId: 'yes' };
        else if (v === 'no' || v === 'false') answer = { optionId: 'no' };
        else if (raw !== undefined) warnings.push(`${s.column}: "${raw}" is neither yes nor no`);
      } else if (q?.kind === 'singleChoice' && raw !== undefined) {
        const option = q.options[s.answerNames.indexOf(raw)];
        if (option !== undefined) answer = { optionId: option.id };
        // A cell that is no option is the write-in itself when write-ins share the column.
        else if (q.other !== undefined && !s.writeInsInSeparateColumn) answer = { other: raw };
        else warnings.push(`${s.column}: no answer "${raw}"`);
        if (option !== undefined && other !== undefined) warnings.push(`${s.column}: write-in "${other}" dropped, an option was chosen`);
      } else if (q?.kind === 'singleChoice' && other !== undefined) {
        answer = { other };
      } else if (q?.kind === 'scale' && raw !== undefined) {
        const n = Number(raw.replace(',', '.'));
        if (Number.isFinite(n)) answer = { value: toPercent(n, s.scaleRange) };
        else warnings.push(`${s.column}: "${raw}" is not a number`);
      } else if (q?.kind === 'freeText' && raw !== undefined) {
        answer = { text: raw };
      }
      if (answer !== undefined) answers[id] = answer;
    }
    story.answers = answers;
    return story;
  });
}
