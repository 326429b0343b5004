import { StoryForm, type CaptureCollection } from './story-form.svelte.ts';

/**
 * One kiosk in a waiting room, teller after teller. The teller's story lives only in memory,
 * in `form`; `wipe()` drops it, with the recording, and returns to the welcome screen.
 * The kiosk never adds a history entry, so "back" never leads to an earlier teller.
 */
export class Kiosk {
  step = $state<'welcome' | 'consent' | 'form'>('welcome');
  form = $state<StoryForm | undefined>();
  storyId = $state('');
  audio = $state<Blob | undefined>();
  /** Shown on the welcome screen after a story came in; holds nothing of the story. */
  thanked = $state(false);
  /** A new number per teller: the form is rebuilt from nothing, with no trace in the DOM. */
  generation = $state(0);
  readonly idleMs: number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private collection: () => CaptureCollection | undefined;

  constructor(collection: () => CaptureCollection | undefined, idleSeconds: number) {
    this.collection = collection;
    this.idleMs = idleSeconds * 1000;
  }

  start() {
    const c = this.collection();
    this.thanked = false;
    this.step = c?.consentText ? 'consent' : 'form';
    if (this.step === 'form') this.begin();
    this.activity();
  }

  consent() {
    this.begin();
    this.activity();
  }

  private begin() {
    const c = this.collection();
    if (!c) return;
    this.form = new StoryForm(c);
    this.storyId = crypto.randomUUID();
    this.step = 'form';
  }

  /** Anything the teller does keeps the session alive; silence for `idleMs` ends it. */
  activity() {
    clearTimeout(this.timer);
    if (this.step === 'welcome') return;
    this.timer = setTimeout(() => this.wipe(), this.idleMs);
  }

  wipe(thanked = false) {
    clearTimeout(this.timer);
    this.form = undefined;
    this.audio = undefined;
    this.storyId = '';
    this.step = 'welcome';
    this.thanked = thanked;
    this.generation += 1;
    // Nothing of the teller may stay behind in the browser either.
    sessionStorage.clear();
    for (const key of Object.keys(localStorage)) if (key.startsWith('vp.draft.')) localStorage.removeItem(key);
    history.replaceState(null, '', location.pathname + location.search);
    scrollTo(0, 0);
  }

  stop() {
    clearTimeout(this.timer);
  }
}
