/**
 * A small history router: the path is state, links call `navigate`, the back button works.
 * Views are chosen in App.svelte by matching `router.path`.
 */
class Router {
  path = $state(location.pathname);
  query = $state(new URLSearchParams(location.search));

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  private sync() {
    this.path = location.pathname;
    this.query = new URLSearchParams(location.search);
  }

  navigate(to: string, opts: { replace?: boolean } = {}) {
    if (opts.replace) history.replaceState(null, '', to);
    else history.pushState(null, '', to);
    this.sync();
  }

  /** Replaces the query string (filters kept in the URL) without a new history entry. */
  setQuery(params: URLSearchParams) {
    const qs = params.toString();
    history.replaceState(null, '', `${location.pathname}${qs ? `?${qs}` : ''}`);
    this.sync();
  }
}

export const router = new Router();

/** Use on <a> elements: `<a href="/x" onclick={link}>` keeps navigation in the app. */
export function link(event: MouseEvent) {
  const a = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || a.target) return;
  event.preventDefault();
  router.navigate(a.pathname + a.search);
}
