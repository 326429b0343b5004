import type { Answer, Answers } from '../answers.ts';
import type { FrameworkDefinition, Question } from '../framework.ts';
import type { Channel, TellerKind } from '../story.ts';
import { FRAMEWORK_NL_IDS as Q, type Intervention, type Outcome, type Situation, type Stone, type TellerRole } from './framework-nl.ts';

export interface DemoStory {
  id: string;
  title: string | undefined;
  text: string;
  language: 'nl';
  channel: Channel;
  tellerKind: TellerKind;
  panelCode: string | undefined;
  promptId: string;
  createdAt: string;
  answers: Answers;
}

export interface DemoOptions {
  count: number;
  seed: number;
  now: Date;
}

/** mulberry32: tiny, fast and good enough for demo data; the same seed gives the same stories. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const weighted = <K extends string>(w: Partial<Record<K, number>>): K => {
    const list = Object.entries(w) as [K, number][];
    let r = next() * list.reduce((s, [, x]) => s + x, 0);
    for (const [k, x] of list) if ((r -= x) < 0) return k;
    return (list.at(-1) as [K, number])[0];
  };
  const between = (lo: number, hi: number) => lo + next() * (hi - lo);
  const chance = (p: number) => next() < p;
  const uuid = () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
    hex[12] = '4';
    hex[16] = (Math.floor(next() * 4) + 8).toString(16);
    const h = hex.join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  return { next, pick, weighted, between, chance, uuid };
}
type Rng = ReturnType<typeof prng>;

const SITUATION_WEIGHTS: Record<Situation, number> = { schulden: 25, werk_zoeken: 20, gezondheid: 13, huisvesting: 12, crisis: 12, taal: 10, mantelzorg: 8 };

/** Which interventions caseworkers reach for in each situation. */
const TYPICAL: Record<Situation, Partial<Record<Intervention, number>>> = {
  schulden: { doorverwijzing_schuldhulp: 5, budgetcoaching: 4, huisbezoek: 3, maatwerkbesluit: 3, extra_tijd: 2, wijkteam: 1 },
  huisvesting: { wijkteam: 4, maatwerkbesluit: 3, huisbezoek: 3, regel_buiten_toepassing: 2, extra_tijd: 2 },
  gezondheid: { wijkteam: 4, extra_tijd: 3, huisbezoek: 3, maatwerkbesluit: 2, regel_buiten_toepassing: 1 },
  werk_zoeken: { werkervaringsplek: 5, extra_tijd: 2, maatwerkbesluit: 2, regel_buiten_toepassing: 2, tolk_taalmaatje: 1 },
  taal: { tolk_taalmaatje: 4, extra_tijd: 3, huisbezoek: 2, doorverwijzing_schuldhulp: 1, werkervaringsplek: 1 },
  mantelzorg: { wijkteam: 4, maatwerkbesluit: 3, regel_buiten_toepassing: 2, extra_tijd: 2, huisbezoek: 1 },
  crisis: { doorverwijzing_schuldhulp: 4, wijkteam: 3, extra_tijd: 2, huisbezoek: 2, maatwerkbesluit: 1 },
};

/**
 * The planted effects, so a "what works" analysis has something true to find: the chance that the
 * situation improved, per situation, plus what each intervention adds there. Home visits and
 * tailored decisions work for debt; referral on its own works poorly in a crisis; an
 * interpreter is what helps with language; a work placement is what helps people into work.
 */
const BASE: Record<Situation, number> = { schulden: 0.2, huisvesting: 0.35, gezondheid: 0.35, werk_zoeken: 0.25, taal: 0.25, mantelzorg: 0.4, crisis: 0.3 };
const EFFECT: Partial<Record<Situation, Partial<Record<Intervention, number>>>> = {
  schulden: { huisbezoek: 0.4, maatwerkbesluit: 0.4, budgetcoaching: 0.05, doorverwijzing_schuldhulp: 0 },
  crisis: { doorverwijzing_schuldhulp: -0.2, wijkteam: 0.35, extra_tijd: 0.2, huisbezoek: 0.15 },
  taal: { tolk_taalmaatje: 0.45 },
  werk_zoeken: { werkervaringsplek: 0.4, regel_buiten_toepassing: 0.1 },
};
const DEFAULT_EFFECT = 0.08;

export function improvementChance(situation: Situation, interventions: readonly Intervention[]): number {
  const p = interventions.reduce((s, i) => s + (EFFECT[situation]?.[i] ?? DEFAULT_EFFECT), BASE[situation]);
  return Math.min(0.92, Math.max(0.05, p));
}

interface Person {
  who: string;
  /** Pronouns for the templates' {hij}, {hem} and {zijn}. */
  hij: 'ze' | 'hij';
  hem: 'haar' | 'hem';
  zijn: 'haar' | 'zijn';
}
const SHE = { hij: 'ze', hem: 'haar', zijn: 'haar' } as const;
const HE = { hij: 'hij', hem: 'hem', zijn: 'zijn' } as const;
const PEOPLE: Person[] = [
  { who: 'een alleenstaande moeder met drie kinderen', ...SHE },
  { who: 'een man van in de vijftig die zijn baan was kwijtgeraakt', ...HE },
  { who: 'een jonge vrouw die net achttien was geworden', ...SHE },
  { who: 'een vader die na zijn scheiding alleen was komen te staan', ...HE },
  { who: 'een oudere mevrouw die sinds de dood van haar man alles zelf moest regelen', ...SHE },
  { who: 'een jongen van 23 die uit de jeugdzorg kwam', ...HE },
  { who: 'een moeder die twee jaar geleden met haar gezin naar Nederland was gekomen', ...SHE },
  { who: 'een zzp\'er die door ziekte geen opdrachten meer had', ...HE },
];

const OPENINGS: Record<Situation, { staff: string[]; client: string[] }> = {
  schulden: {
    staff: ['Ik had {p} op gesprek, die niet meer wist hoe {hij} de rekeningen moest betalen.', 'Bij {p} lagen de ongeopende enveloppen van incassobureaus in een la.', 'Via de balie kwam {p} binnen met een afsluitingsbrief van de energieleverancier.'],
    client: ['Ik had zoveel schulden dat ik de post niet meer durfde open te maken.', 'Na mijn ontslag stapelden de rekeningen zich op en kwam de deurwaarder langs.'],
  },
  huisvesting: {
    staff: ['Ik sprak {p} die over twee weken uit huis gezet zou worden.', '{P} sliep al maanden op de bank bij een vriend en had geen postadres.'],
    client: ['Ik moest mijn huis uit en wist niet waar ik met mijn kinderen naartoe moest.', 'Ik had geen vast adres meer en daardoor ook geen uitkering.'],
  },
  gezondheid: {
    staff: ['{P} kon door psychische klachten de afspraken bij ons niet nakomen.', 'Ik begeleidde {p} die na een operatie niet meer kon werken.'],
    client: ['Door mijn depressie kwam ik de deur bijna niet meer uit.', 'Na mijn hernia kon ik mijn oude werk niet meer doen.'],
  },
  werk_zoeken: {
    staff: ['{P} solliciteerde al een jaar zonder één keer uitgenodigd te worden.', 'Ik had {p} in mijn caseload die graag wilde werken maar geen diploma had.'],
    client: ['Ik wilde graag aan het werk, maar ik kreeg alleen maar afwijzingen.', 'Na jaren in de bijstand wilde ik weer meedoen.'],
  },
  taal: {
    staff: ['{P} begreep de brieven van de gemeente niet en reageerde daardoor nergens op.', 'In het gesprek met {p} bleek dat {hij} de helft van wat ik zei niet verstond.'],
    client: ['Ik kon de brieven van de gemeente niet lezen en was bang iets fout te doen.', 'Omdat ik de taal nog niet goed spreek, begreep ik niet wat er van mij verwacht werd.'],
  },
  mantelzorg: {
    staff: ['{P} zorgde dag en nacht voor een zieke ouder en moest ook nog sollicitatieplichten nakomen.', 'Ik sprak {p}, die de mantelzorg voor {zijn} broer niet meer volhield.'],
    client: ['Ik zorg voor mijn moeder en moest van de gemeente ook nog solliciteren.', 'De zorg voor mijn zoon kostte me al mijn tijd en energie.'],
  },
  crisis: {
    staff: ['Op vrijdagmiddag belde {p} in paniek: er was geen eten meer in huis.', '{P} stond aan de balie nadat {zijn} partner {hem} het huis uit had gezet.', 'Er kwam een melding binnen over {p} die dreigde zichzelf iets aan te doen.'],
    client: ['Op een dag stond ik op straat met alleen een tas met kleren.', 'Ik had geen geld meer voor eten en wist niet wie ik moest bellen.'],
  },
};

const ACTIONS: Record<Intervention, { staff: string[]; client: string[] }> = {
  huisbezoek: { staff: ['Ik ben bij {hem} thuis aan de keukentafel gaan zitten.', 'We hebben een huisbezoek gedaan, en toen pas zag ik hoe het er echt voor stond.'], client: ['De consulent kwam gewoon bij mij thuis langs.', 'Ze kwam bij mij aan de keukentafel zitten en nam de tijd.'] },
  maatwerkbesluit: { staff: ['Met mijn teamleider heb ik een maatwerkbesluit genomen dat beter paste dan de standaardregeling.', 'We hebben gekozen voor maatwerk: een besluit dat precies op deze situatie paste.'], client: ['De gemeente heeft voor mij een uitzondering gemaakt die echt paste.', 'Ik kreeg een oplossing die bij mijn situatie paste, niet de standaardbrief.'] },
  doorverwijzing_schuldhulp: { staff: ['Ik heb een doorverwijzing naar de schuldhulpverlening gemaakt.', 'Ik heb {hem} aangemeld bij schuldhulp en het dossier overgedragen.'], client: ['Ik werd doorverwezen naar de schuldhulpverlening.', 'Ze gaven me een nummer van schuldhulp om zelf te bellen.'] },
  wijkteam: { staff: ['Samen met het wijkteam hebben we één plan gemaakt in plaats van drie.', 'Ik heb het wijkteam erbij gehaald, en die kende het gezin al.'], client: ['Iemand van het wijkteam ging met me mee naar alle instanties.', 'Het wijkteam en de gemeente werkten eindelijk samen.'] },
  regel_buiten_toepassing: { staff: ['Ik heb de kostendelersnorm voor deze periode buiten toepassing gelaten, ook al voelde dat spannend.', 'We hebben de regel bewust niet toegepast, omdat die hier meer kapot zou maken dan oplossen.'], client: ['De consulent zei dat de regel in mijn geval niet redelijk was en heeft die laten vallen.', 'Er werd een regel voor mij opzij gezet, en dat maakte het verschil.'] },
  extra_tijd: { staff: ['Ik heb er bewust meer tijd voor genomen dan het gesprek normaal mag duren.', 'Ik heb de norm van drie gesprekken losgelaten en ben blijven komen.'], client: ['Ze nam de tijd om echt te luisteren.', 'Voor het eerst werd ik niet na tien minuten weer weggestuurd.'] },
  tolk_taalmaatje: { staff: ['We hebben een tolk ingeschakeld en later een taalmaatje gekoppeld.', 'Met een telefonische tolk erbij kwam het hele verhaal ineens op tafel.'], client: ['Er was een tolk bij het gesprek, zodat ik alles begreep.', 'Ik kreeg een taalmaatje die met mij de brieven doorlas.'] },
  werkervaringsplek: { staff: ['Via de jobcoach vonden we een werkervaringsplek bij een bedrijf in de buurt.', 'We hebben een proefplaatsing geregeld met een jobcoach erbij.'], client: ['Ik mocht beginnen op een werkervaringsplek, met een jobcoach die meekeek.', 'Via de gemeente kon ik eerst een paar maanden meedraaien bij een bedrijf.'] },
  budgetcoaching: { staff: ['Een budgetcoach hielp {hem} om weer overzicht te krijgen.', 'We hebben budgetcoaching ingezet om het overzicht terug te brengen.'], client: ['Met een budgetcoach maakte ik een overzicht van alles wat binnenkwam en uitging.', 'Ik leerde met een budgetcoach weer zelf mijn geld te beheren.'] },
};

const ENDINGS: Record<Outcome, { staff: string[]; client: string[] }> = {
  verbeterd: { staff: ['Een paar maanden later is er rust en komt {hij} {zijn} afspraken weer na.', 'Het ging daarna echt beter; {hij} belde zelfs om te bedanken.', 'Inmiddels staat {hij} er een stuk sterker voor.'], client: ['Nu heb ik weer rust en overzicht.', 'Het gaat nu echt beter met ons.'] },
  geen_verschil: { staff: ['Toch veranderde er uiteindelijk weinig aan {zijn} situatie.', 'Het hielp minder dan ik had gehoopt; we staan nog ongeveer op hetzelfde punt.'], client: ['Eerlijk gezegd is er weinig veranderd.', 'Het voelde goed bedoeld, maar er veranderde niets.'] },
  verslechterd: { staff: ['Helaas liep het daarna verder uit de hand.', 'Ondanks alles ging het daarna slechter, en dat zit me nog steeds dwars.'], client: ['Daarna werd het alleen maar erger.', 'Het werd slechter, omdat niemand echt doorpakte.'] },
  onbekend: { staff: ['Hoe het afloopt weten we nog niet.', 'Het traject loopt nog, dus de uitkomst is nog open.'], client: ['Ik weet nog niet hoe het afloopt.', 'We zijn nog bezig, dus ik weet nog niet of het helpt.'] },
};

const REFLECTIONS = [
  'Kies je voor wat werkt of voor wat rechtmatig is: hier heb ik voor het eerste gekozen.',
  'Wat op het stadhuis bedacht is, past vaak niet bij wat er aan de keukentafel gebeurt.',
  'De klant wil snel antwoord, maar ik wilde een gedegen antwoord geven.',
  'Ik merk dat ik dit soort afwegingen eigenlijk nooit met collega\'s bespreek.',
  'Door dit verhaal op te schrijven denk ik er weer eens over na waarom ik dit werk doe.',
];

const TITLES: Record<Outcome, string[]> = {
  verbeterd: ['Aan de keukentafel', 'Eindelijk rust', 'Net op tijd', 'Maatwerk dat werkte', 'Weer overzicht', 'Een nieuwe start'],
  geen_verschil: ['Goed bedoeld', 'Vastgelopen', 'Het bleef hetzelfde', 'Van loket naar loket'],
  verslechterd: ['Te laat', 'Tussen de regels door gevallen', 'Het liep uit de hand'],
  onbekend: ['Nog onderweg', 'Wordt vervolgd', 'Eerste stap'],
};

const LESSONS = [
  'Ga vaker op huisbezoek: je ziet meer dan aan de balie.',
  'Durf maatwerk te leveren en leg uit waarom.',
  'Doorverwijzen is niet hetzelfde als overdragen; blijf betrokken.',
  'Haal het wijkteam er vroeg bij.',
  'Neem de tijd, ook als de norm iets anders zegt.',
];

const fill = (template: string, p: Person) =>
  template
    .replace('{P}', p.who.charAt(0).toUpperCase() + p.who.slice(1))
    .replace('{p}', p.who)
    .replaceAll('{hij}', p.hij)
    .replaceAll('{hem}', p.hem)
    .replaceAll('{zijn}', p.zijn);

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;
const unit = (v: number) => round(Math.min(1, Math.max(0, v)));

interface Plan {
  tellerKind: TellerKind;
  role: TellerRole;
  situation: Situation;
  interventions: Intervention[];
  outcome: Outcome;
}

function plan(r: Rng): Plan {
  const tellerKind: TellerKind = r.chance(0.25) ? 'client' : 'staff';
  const role: TellerRole = tellerKind === 'client' ? 'klant' : r.weighted<TellerRole>({ klantmanager: 5, schuldhulpverlener: 2, jobcoach: 2, wijkteam: 2 });
  const situation = r.weighted(SITUATION_WEIGHTS);
  const k = r.pick([1, 1, 2, 2, 3]);
  const pool = { ...TYPICAL[situation] };
  const interventions: Intervention[] = [];
  for (let i = 0; i < k && Object.keys(pool).length > 0; i++) {
    const chosen = r.weighted(pool);
    interventions.push(chosen);
    delete pool[chosen];
  }
  const outcome: Outcome = r.chance(improvementChance(situation, interventions)) ? 'verbeterd' : r.weighted<Outcome>({ geen_verschil: 45, verslechterd: 25, onbekend: 30 });
  return { tellerKind, role, situation, interventions, outcome };
}

function storyText(r: Rng, p: Plan): string {
  const voice = p.tellerKind;
  const person = r.pick(PEOPLE);
  const sentences = [r.pick(OPENINGS[p.situation][voice]), ...p.interventions.map((i) => r.pick(ACTIONS[i][voice])), r.pick(ENDINGS[p.outcome][voice])].map((t) => fill(t, person));
  if (voice === 'staff' && sentences.length < 6 && r.chance(0.5)) sentences.push(r.pick(REFLECTIONS));
  return sentences.join(' ');
}

/** Answers that follow from the plan, so the signifiers tell the same story as the text. */
function plannedAnswers(r: Rng, p: Plan): Answers {
  const has = (i: Intervention) => p.interventions.includes(i);
  const good = p.outcome === 'verbeterd';
  const a: Answers = {};
  const noise = (s: number) => r.between(-s, s);

  if (r.chance(0.05)) a[Q.doorslag] = { notApplicable: true };
  else {
    const w = [
      1 + (has('maatwerkbesluit') ? 1 : 0) + (has('doorverwijzing_schuldhulp') || has('budgetcoaching') || has('tolk_taalmaatje') || has('werkervaringsplek') ? 2 : 0),
      1 + (has('regel_buiten_toepassing') ? 3 : 0) + (has('maatwerkbesluit') ? 1 : 0),
      1 + (has('extra_tijd') ? 3 : 0) + (has('huisbezoek') ? 2 : 0) + (has('wijkteam') ? 1 : 0),
    ].map((x) => x * r.between(0.5, 1.5));
    const sum = w.reduce((s, x) => s + x, 0);
    const [v1 = 0, v2 = 0] = w.map((x) => round(x / sum));
    a[Q.doorslag] = { weights: [v1, v2, unit(1 - v1 - v2)] };
  }
  const tailored = has('maatwerkbesluit') || has('regel_buiten_toepassing');
  a[Q.beleidPraktijk] = { value: unit((tailored ? 0.78 : 0.4) + (has('huisbezoek') ? 0.1 : 0) + noise(0.15)) };
  a[Q.maatwerkRegels] = { value: unit((tailored ? 0.2 : 0.68) + noise(0.15)) };
  a[Q.snelGedegen] = r.chance(0.03) ? { notApplicable: true } : { value: unit((p.situation === 'crisis' ? 0.2 : has('extra_tijd') ? 0.82 : 0.5) + noise(0.15)) };

  if (r.chance(0.8)) {
    const placements: Record<string, { x: number; y: number }> = {};
    const place = (s: Stone, x: number, y: number) => (placements[s] = { x: unit(x + noise(0.1)), y: unit(y + noise(0.1)) });
    place('klant', r.between(0.3, 0.8), good ? 0.75 : 0.45);
    place('consulent', r.between(0.6, 0.9), good ? 0.85 : 0.55);
    if (tailored || r.chance(0.4)) place('regels', has('regel_buiten_toepassing') ? 0.8 : 0.5, has('regel_buiten_toepassing') ? 0.15 : 0.45);
    if (has('maatwerkbesluit') || r.chance(0.3)) place('team', 0.5, has('maatwerkbesluit') ? 0.8 : 0.5);
    if (has('wijkteam') || r.chance(0.3)) place('netwerk', has('wijkteam') ? 0.7 : 0.35, has('wijkteam') ? 0.85 : 0.6);
    a[Q.krachtenveld] = { placements };
  }

  a[Q.situatie] = r.chance(0.03) ? { other: 'Verslaving' } : { optionId: p.situation };
  a[Q.interventie] = r.chance(0.05) ? { optionIds: p.interventions.slice(0, 3), other: 'Contact gelegd met de woningcorporatie' } : { optionIds: p.interventions };
  a[Q.uitkomst] = { optionId: p.outcome };
  a[Q.effect] =
    p.outcome === 'onbekend' && r.chance(0.5)
      ? { notApplicable: true }
      : { value: { verbeterd: r.pick([4, 5]), geen_verschil: r.pick([1, 2]), verslechterd: 1, onbekend: r.pick([2, 3]) }[p.outcome] };
  a[Q.verteller] = { optionId: p.role };
  if (p.tellerKind === 'staff') a[Q.ervaring] = { optionId: r.pick(['minder_dan_2', 'j2_5', 'j6_10', 'meer_dan_10']) };
  // Interpretation is added later, in reflection sessions: only some stories have it yet.
  if (r.chance(0.2)) a[Q.les] = { text: r.pick(LESSONS) };
  return a;
}

/** Any valid answer, for questions a caller's framework adds beyond the default one. */
function genericAnswer(r: Rng, q: Question): Answer | undefined {
  switch (q.kind) {
    case 'triad': {
      const w = [r.next(), r.next(), r.next()];
      const s = w.reduce((x, y) => x + y, 0) || 1;
      const [v1 = 0, v2 = 0] = w.map((x) => round(x / s));
      return { weights: [v1, v2, unit(1 - v1 - v2)] };
    }
    case 'dyad':
      return { value: unit(r.next()) };
    case 'scale':
      return { value: Math.min(q.max, q.min + Math.floor(r.next() * ((q.max - q.min) / q.step + 1)) * q.step) };
    case 'stones':
      return { placements: Object.fromEntries(q.items.filter(() => r.chance(0.6)).map((i) => [i.id, { x: unit(r.next()), y: unit(r.next()) }])) };
    case 'singleChoice':
      return { optionId: r.pick(q.options).id };
    case 'multipleChoice': {
      const n = Math.max(q.min, Math.min(q.max, q.options.length, 1 + Math.floor(r.next() * 2)));
      return { optionIds: [...q.options].sort(() => r.next() - 0.5).slice(0, n).map((o) => o.id) };
    }
    case 'freeText':
      return { text: 'Geen toelichting.'.slice(0, q.maxLength) };
    default:
      return undefined;
  }
}

/** Keeps a planned answer only where the framework still has that question with those options. */
function fits(q: Question, a: Answer): boolean {
  if (q.kind === 'singleChoice') return 'optionId' in a ? q.options.some((o) => o.id === a.optionId) : 'other' in a && q.other !== undefined;
  if (q.kind === 'multipleChoice') {
    if (!('optionIds' in a)) return false;
    const n = a.optionIds.length + (a.other === undefined ? 0 : 1);
    return a.optionIds.every((id) => q.options.some((o) => o.id === id)) && (a.other === undefined || q.other !== undefined) && n >= q.min && n <= q.max;
  }
  if (q.kind === 'stones') return 'placements' in a && Object.keys(a.placements).every((id) => q.items.some((i) => i.id === id));
  if (q.kind === 'scale') return 'notApplicable' in a ? q.allowNotApplicable : 'value' in a && a.value >= q.min && a.value <= q.max;
  if (q.kind === 'triad' || q.kind === 'dyad') return !('notApplicable' in a) || q.allowNotApplicable;
  if (q.kind === 'freeText') return 'text' in a && a.text.length <= q.maxLength;
  return false;
}

const DAY = 86_400_000;

/**
 * Realistic Dutch demo stories for `def` (made for `defaultFrameworkNl()`, but any framework gets
 * valid answers), spread over the ~6 months before `now`, oldest first. Deterministic per seed.
 */
export function demoStories(def: FrameworkDefinition, opts: DemoOptions): DemoStory[] {
  const r = prng(opts.seed);
  const textQ = def.questions.find((q) => q.kind === 'storyText');
  const titleQ = def.questions.find((q) => q.kind === 'storyTitle');
  const panel = Array.from({ length: 40 }, (_, i) => `KL-${String(1000 + i * 37).padStart(4, '0')}`);
  const stories: DemoStory[] = [];
  for (let n = 0; n < opts.count; n++) {
    const p = plan(r);
    const id = r.uuid();
    let text = storyText(r, p);
    if (textQ?.kind === 'storyText') {
      while (text.length < textQ.minLength) text += ` ${r.pick(REFLECTIONS)}`;
      text = text.slice(0, textQ.maxLength);
    }
    const title = r.chance(0.85) ? r.pick(TITLES[p.outcome]).slice(0, titleQ?.kind === 'storyTitle' ? titleQ.maxLength : 200) : undefined;
    const planned = plannedAnswers(r, p);
    const answers: Answers = {};
    for (const q of def.questions) {
      const a = planned[q.id];
      if (a !== undefined && fits(q, a)) answers[q.id] = a;
      else if (q.required && q.role !== 'interpretation') {
        const g = genericAnswer(r, q);
        if (g !== undefined) answers[q.id] = g;
      }
    }
    const client = p.tellerKind === 'client';
    const createdAt = new Date(opts.now.getTime() - r.between(0, 183) * DAY);
    stories.push({
      id,
      title,
      text,
      language: 'nl',
      channel: client ? r.weighted<Channel>({ kiosk: 4, tablet: 3, interview: 3 }) : r.weighted<Channel>({ web: 5, tablet: 2, interview: 3 }),
      tellerKind: p.tellerKind,
      panelCode: client && r.chance(0.6) ? r.pick(panel) : undefined,
      promptId: client ? 'klant' : p.outcome === 'verbeterd' && r.chance(0.7) ? 'trots' : 'twijfel',
      createdAt: createdAt.toISOString(),
      answers,
    });
  }
  return stories.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}
