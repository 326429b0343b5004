import { getJson } from '../lib/api.ts';
import type { LiveCounters, Meta, Overview, Patterns, Signifiers, StoryList } from './types.ts';

/** One resource of the dashboard: the latest answer wins, an older one arriving late is dropped. */
export class Resource<T> {
  value = $state<T | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  private seq = 0;

  async load(url: string): Promise<void> {
    const mine = ++this.seq;
    this.loading = true;
    try {
      const v = await getJson<T>(url);
      if (mine === this.seq) {
        this.value = v;
        this.error = null;
      }
    } catch (err) {
      if (mine === this.seq) this.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (mine === this.seq) this.loading = false;
    }
  }
}

/** What every view shares: the organisation's chartable questions and the live counters. */
class DashboardData {
  meta = new Resource<Meta>();
  overview = new Resource<Overview>();
  signifiers = new Resource<Signifiers>();
  stories = new Resource<StoryList>();
  patterns = new Resource<Patterns>();
  live = $state<LiveCounters | null>(null);
  /** Bumped by every live update, so views can refresh what they show. */
  liveTick = $state(0);
}

export const data = new DashboardData();
export const api = (orgId: string, path: string, query = '') => `/api/orgs/${orgId}/${path}${query ? `?${query}` : ''}`;
