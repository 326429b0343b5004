/**
 * The tablet is an installable app that opens without network: a manifest, and a service
 * worker (public/sw.js) that keeps the app shell. The worker cannot know the hashed file
 * names of a build, so the page tells it which files it loaded (the lazily loaded capture
 * chunk included) and the worker keeps those.
 */
export function addManifest() {
  if (document.querySelector('link[rel="manifest"]')) return;
  const link = Object.assign(document.createElement('link'), { rel: 'manifest', href: '/manifest.webmanifest' });
  const theme = Object.assign(document.createElement('meta'), { name: 'theme-color', content: '#154273' });
  document.head.append(link, theme);
}

/** Resolves true once the shell (everything this page loaded) is kept for offline use. */
export async function keepShellOffline(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false;
  try {
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const reg = await navigator.serviceWorker.ready;
    const files = new Set<string>(['/']);
    for (const e of performance.getEntriesByType('resource')) {
      const url = new URL(e.name);
      if (url.origin === location.origin && url.pathname.startsWith('/assets/')) files.add(url.pathname);
    }
    document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[rel="stylesheet"], link[rel="modulepreload"]').forEach((el) => {
      const url = new URL('src' in el && el.src ? el.src : (el as HTMLLinkElement).href);
      if (url.origin === location.origin) files.add(url.pathname);
    });
    const channel = new MessageChannel();
    const done = new Promise<boolean>((resolve) => (channel.port1.onmessage = (m) => resolve(m.data === 'kept')));
    reg.active?.postMessage({ type: 'keep', files: [...files] }, [channel.port2]);
    return await done;
  } catch {
    return false;
  }
}
