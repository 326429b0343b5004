/** UI texts, Dutch first. Components read `t.key`; switching language re-renders. */
const texts = {
  nl: {
    title: 'Vertelpunt',
    tagline: 'Leren van praktijkverhalen in het sociaal domein',
    email: 'E-mailadres',
    password: 'Wachtwoord',
    login: 'Inloggen',
    logout: 'Uitloggen',
    loginFailed: 'Inloggen is niet gelukt',
    welcome: 'Welkom',
    organisation: 'Organisatie',
    role: 'Rol',
    recent: 'Laatste verhalen',
    none: 'Nog geen verhalen.',
    apiDocs: 'API-documentatie',
    language: 'English',
    skip: 'Naar de inhoud',
    mainNav: 'Hoofdmenu',
    loading: 'Laden…',
    tell: 'Verhaal vertellen',
    dashboard: 'Dashboard',
  },
  en: {
    title: 'Vertelpunt',
    tagline: 'Learning from practice stories in social services',
    email: 'E-mail address',
    password: 'Password',
    login: 'Log in',
    logout: 'Log out',
    loginFailed: 'Logging in failed',
    welcome: 'Welcome',
    organisation: 'Organisation',
    role: 'Role',
    recent: 'Latest stories',
    none: 'No stories yet.',
    apiDocs: 'API documentation',
    language: 'Nederlands',
    skip: 'Skip to content',
    mainNav: 'Main menu',
    loading: 'Loading…',
    tell: 'Tell a story',
    dashboard: 'Dashboard',
  },
} as const;

export type Lang = keyof typeof texts;

class I18n {
  lang = $state<Lang>('nl');
  t = $derived(texts[this.lang]);
  toggle() {
    this.lang = this.lang === 'nl' ? 'en' : 'nl';
    document.documentElement.lang = this.lang;
  }
}

export const i18n = new I18n();
