import type { Prompt } from '../collection.ts';
import type { FrameworkDefinition, Option } from '../framework.ts';

/**
 * The default framework of a social service (Participatiewet, bijstand, schuldhulp, re-integratie).
 * Its signifiers come from the ambtelijk-vakmanschap material the product grew out of: the triad is
 * Gardner's Good Work (vakbekwaamheid, ethiek, bevlogenheid), the dyads are the dilemmas the
 * Luisteracademie heard in the field (beleid vs praktijk, maatwerk vs regels, snel vs gedegen).
 * Ids are stable: demo stories, analytics tests and read models refer to them.
 */
export const FRAMEWORK_NL_IDS = {
  title: 'titel',
  text: 'verhaal',
  privacy: 'privacy',
  doorslag: 'doorslag',
  beleidPraktijk: 'beleid_praktijk',
  maatwerkRegels: 'maatwerk_regels',
  snelGedegen: 'snel_gedegen',
  krachtenveld: 'krachtenveld',
  situatie: 'situatie',
  interventie: 'interventie',
  uitkomst: 'uitkomst',
  effect: 'effect',
  verteller: 'verteller',
  ervaring: 'ervaring',
  les: 'les',
} as const;

export const SITUATIONS = ['schulden', 'huisvesting', 'gezondheid', 'werk_zoeken', 'taal', 'mantelzorg', 'crisis'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const INTERVENTIONS = [
  'huisbezoek',
  'maatwerkbesluit',
  'doorverwijzing_schuldhulp',
  'wijkteam',
  'regel_buiten_toepassing',
  'extra_tijd',
  'tolk_taalmaatje',
  'werkervaringsplek',
  'budgetcoaching',
] as const;
export type Intervention = (typeof INTERVENTIONS)[number];

export const OUTCOMES = ['verbeterd', 'geen_verschil', 'verslechterd', 'onbekend'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const TELLER_ROLES = ['klantmanager', 'schuldhulpverlener', 'jobcoach', 'wijkteam', 'klant'] as const;
export type TellerRole = (typeof TELLER_ROLES)[number];

const STONE_LABELS = {
  klant: { nl: 'Klant', en: 'Client' },
  consulent: { nl: 'Consulent', en: 'Caseworker' },
  team: { nl: 'Team en leidinggevende', en: 'Team and manager' },
  regels: { nl: 'Regels en systemen', en: 'Rules and systems' },
  netwerk: { nl: 'Netwerk (familie, buren, organisaties)', en: 'Network (family, neighbours, organisations)' },
} satisfies Record<string, Option['label']>;
export type Stone = keyof typeof STONE_LABELS;

const SITUATION_OPTIONS: Record<Situation, Option['label']> = {
  schulden: { nl: 'Schulden en geldzorgen', en: 'Debt and money worries' },
  huisvesting: { nl: 'Huisvesting', en: 'Housing' },
  gezondheid: { nl: 'Gezondheid (lichamelijk of psychisch)', en: 'Health (physical or mental)' },
  werk_zoeken: { nl: 'Werk zoeken', en: 'Looking for work' },
  taal: { nl: 'Taal en begrijpen van brieven', en: 'Language and understanding letters' },
  mantelzorg: { nl: 'Mantelzorg', en: 'Informal care' },
  crisis: { nl: 'Crisis (acute nood)', en: 'Crisis (acute need)' },
};

const INTERVENTION_OPTIONS: Record<Intervention, Option['label']> = {
  huisbezoek: { nl: 'Huisbezoek', en: 'Home visit' },
  maatwerkbesluit: { nl: 'Maatwerkbesluit', en: 'Tailored decision' },
  doorverwijzing_schuldhulp: { nl: 'Doorverwijzing naar schuldhulp', en: 'Referral to debt counselling' },
  wijkteam: { nl: 'Samenwerking met het wijkteam', en: 'Working with the neighbourhood team' },
  regel_buiten_toepassing: { nl: 'Regel buiten toepassing gelaten', en: 'Set a rule aside' },
  extra_tijd: { nl: 'Extra tijd genomen', en: 'Took extra time' },
  tolk_taalmaatje: { nl: 'Tolk of taalmaatje ingezet', en: 'Interpreter or language buddy' },
  werkervaringsplek: { nl: 'Werkervaringsplek of jobcoach', en: 'Work placement or job coach' },
  budgetcoaching: { nl: 'Budgetcoaching', en: 'Budget coaching' },
};

const TELLER_OPTIONS: Record<TellerRole, Option['label']> = {
  klantmanager: { nl: 'Klantmanager werk en inkomen', en: 'Work and income caseworker' },
  schuldhulpverlener: { nl: 'Schuldhulpverlener', en: 'Debt counsellor' },
  jobcoach: { nl: 'Jobcoach of re-integratieconsulent', en: 'Job coach or re-integration adviser' },
  wijkteam: { nl: 'Medewerker wijkteam', en: 'Neighbourhood team worker' },
  klant: { nl: 'Inwoner of klant', en: 'Resident or client' },
};

const entries = <K extends string>(labels: Record<K, Option['label']>): Option[] => Object.entries<Option['label']>(labels).map(([id, label]) => ({ id, label }));

export function defaultFrameworkNl(): FrameworkDefinition {
  const id = FRAMEWORK_NL_IDS;
  return {
    questions: [
      {
        id: id.privacy,
        kind: 'note',
        role: 'context',
        required: false,
        label: {
          nl: 'Je verhaal wordt anoniem bewaard. Noem geen namen, adressen of BSN van klanten of collega\'s.',
          en: 'Your story is kept anonymously. Do not mention names, addresses or citizen service numbers of clients or colleagues.',
        },
      },
      {
        id: id.text,
        kind: 'storyText',
        role: 'story',
        required: true,
        minLength: 20,
        maxLength: 5000,
        label: { nl: 'Vertel je verhaal', en: 'Tell your story' },
        help: { nl: 'Wat gebeurde er, wie waren erbij, en hoe liep het af?', en: 'What happened, who was involved, and how did it end?' },
      },
      { id: id.title, kind: 'storyTitle', role: 'story', required: false, maxLength: 120, label: { nl: 'Geef je verhaal een titel', en: 'Give your story a title' } },
      {
        id: id.doorslag,
        kind: 'triad',
        role: 'situation',
        required: true,
        allowNotApplicable: true,
        label: { nl: 'Wat gaf de doorslag?', en: 'What made the difference?' },
        help: { nl: 'Zet de stip dichter bij wat zwaarder woog.', en: 'Place the dot closer to what weighed more.' },
        corners: [
          { nl: 'Vakbekwaamheid', en: 'Competence' },
          { nl: 'Ethiek', en: 'Ethics' },
          { nl: 'Bevlogenheid', en: 'Commitment' },
        ],
      },
      {
        id: id.beleidPraktijk,
        kind: 'dyad',
        role: 'situation',
        required: true,
        allowNotApplicable: true,
        label: { nl: 'Waar kwam de aanpak vandaan?', en: 'Where did the approach come from?' },
        left: { nl: 'Het beleid: wat op het stadhuis bedacht is', en: 'Policy: what was devised at city hall' },
        right: { nl: 'De praktijk: wat deze klant nodig had', en: 'Practice: what this client needed' },
      },
      {
        id: id.maatwerkRegels,
        kind: 'dyad',
        role: 'situation',
        required: true,
        allowNotApplicable: true,
        label: { nl: 'Hoe is er besloten?', en: 'How was the decision made?' },
        left: { nl: 'Maatwerk: ongelijke gevallen ongelijk behandeld', en: 'Tailored: unequal cases treated unequally' },
        right: { nl: 'Regels: iedereen gelijk behandeld', en: 'Rules: everyone treated the same' },
      },
      {
        id: id.snelGedegen,
        kind: 'dyad',
        role: 'situation',
        required: true,
        allowNotApplicable: true,
        label: { nl: 'Wat telde zwaarder?', en: 'What counted more?' },
        left: { nl: 'Snel antwoord en normen halen', en: 'A quick answer and meeting targets' },
        right: { nl: 'Een gedegen antwoord', en: 'A thorough answer' },
      },
      {
        id: id.krachtenveld,
        kind: 'stones',
        role: 'situation',
        required: false,
        label: { nl: 'Wie of wat speelde mee?', en: 'Who or what played a part?' },
        help: { nl: 'Leg alleen de stenen neer die ertoe deden.', en: 'Place only the stones that mattered.' },
        xAxis: { label: { nl: 'Invloed', en: 'Influence' }, low: { nl: 'Weinig invloed', en: 'Little influence' }, high: { nl: 'Veel invloed', en: 'Much influence' } },
        yAxis: { label: { nl: 'Steun', en: 'Support' }, low: { nl: 'Stond in de weg', en: 'Got in the way' }, high: { nl: 'Hielp verder', en: 'Helped' } },
        items: entries(STONE_LABELS),
      },
      {
        id: id.situatie,
        kind: 'singleChoice',
        role: 'situation',
        required: true,
        label: { nl: 'Waar ging het vooral over?', en: 'What was it mainly about?' },
        options: entries(SITUATION_OPTIONS),
        other: { nl: 'Iets anders, namelijk', en: 'Something else, namely' },
      },
      {
        id: id.interventie,
        kind: 'multipleChoice',
        role: 'intervention',
        required: true,
        label: { nl: 'Wat is er gedaan?', en: 'What was done?' },
        help: { nl: 'Kies wat echt is ingezet, hoogstens vier.', en: 'Choose what was actually done, at most four.' },
        options: entries(INTERVENTION_OPTIONS),
        other: { nl: 'Iets anders, namelijk', en: 'Something else, namely' },
        min: 1,
        max: 4,
      },
      {
        id: id.uitkomst,
        kind: 'singleChoice',
        role: 'outcome',
        required: true,
        label: { nl: 'Hoe liep het af voor de klant?', en: 'How did it end for the client?' },
        options: [
          { id: 'verbeterd', label: { nl: 'Situatie verbeterd', en: 'Situation improved' }, positive: true },
          { id: 'geen_verschil', label: { nl: 'Geen verschil', en: 'No difference' }, positive: false },
          { id: 'verslechterd', label: { nl: 'Situatie verslechterd', en: 'Situation worsened' }, positive: false },
          // Still open: counts neither way.
          { id: 'onbekend', label: { nl: 'Nog onbekend', en: 'Not known yet' } },
        ],
      },
      {
        id: id.effect,
        kind: 'scale',
        role: 'outcome',
        required: true,
        allowNotApplicable: true,
        label: { nl: 'Hoeveel verschil maakte de aanpak voor de klant?', en: 'How much difference did the approach make for the client?' },
        min: 1,
        max: 5,
        step: 1,
        lowLabel: { nl: 'Geen verschil', en: 'No difference' },
        highLabel: { nl: 'Heel veel verschil', en: 'A great deal of difference' },
      },
      {
        id: id.verteller,
        kind: 'singleChoice',
        role: 'context',
        required: true,
        label: { nl: 'Wie vertelt dit verhaal?', en: 'Who is telling this story?' },
        options: entries(TELLER_OPTIONS),
      },
      {
        id: id.ervaring,
        kind: 'singleChoice',
        role: 'context',
        required: false,
        label: { nl: 'Hoeveel jaar werk je in het sociaal domein?', en: 'How many years have you worked in the social domain?' },
        options: [
          { id: 'minder_dan_2', label: { nl: 'Minder dan 2 jaar', en: 'Less than 2 years' } },
          { id: 'j2_5', label: { nl: '2 tot 5 jaar', en: '2 to 5 years' } },
          { id: 'j6_10', label: { nl: '6 tot 10 jaar', en: '6 to 10 years' } },
          { id: 'meer_dan_10', label: { nl: 'Meer dan 10 jaar', en: 'More than 10 years' } },
        ],
      },
      {
        id: id.les,
        kind: 'freeText',
        role: 'interpretation',
        required: true,
        multiline: true,
        maxLength: 2000,
        label: { nl: 'Wat kunnen collega\'s van dit verhaal leren?', en: 'What can colleagues learn from this story?' },
        help: { nl: 'Beantwoord je samen in de reflectiesessie.', en: 'Answered together in the reflection session.' },
      },
    ],
  };
}

export function defaultPromptsNl(): Prompt[] {
  return [
    {
      id: 'trots',
      text: {
        nl: 'Vertel over een moment in je werk waarop je trots was op wat je voor een klant kon betekenen.',
        en: 'Tell us about a moment at work when you were proud of what you could do for a client.',
      },
    },
    {
      id: 'twijfel',
      text: {
        nl: 'Vertel over een moment waarop je twijfelde: volg je de regel, of doe je wat werkt?',
        en: 'Tell us about a moment when you were in doubt: do you follow the rule, or do what works?',
      },
    },
    {
      id: 'klant',
      text: {
        nl: 'Vertel over een moment waarop de gemeente voor jou het verschil maakte, of juist niet.',
        en: 'Tell us about a moment when the municipality made the difference for you, or did not.',
      },
    },
  ];
}
