import { randomUUID } from 'node:crypto';
import { cosine, denseFeatures, findPatterns, matchClusters, termCounts } from '@vertelpunt/analytics';
import { createRun, currentPatterns, loadCorpus, savePatterns, updateRun, type Db, type SavedPattern } from '@vertelpunt/db';
import type { EventBus, JobHandler } from '@vertelpunt/queue';
import { signifierColumns } from './features.ts';

/** Below this many stories a clustering says more about chance than about practice. */
export const MIN_STORIES = 10;

export interface PatternSettings {
  /** Share of the similarity given to signifier answers (the rest is the text). */
  featureWeight: number;
  seed: number;
}

/**
 * Finds the patterns in one collection: TF-IDF over the redacted stories combined with their
 * signifier answers, spherical k-means with k chosen by silhouette, then each cluster matched
 * to the previous run's patterns so pattern ids (and their trends) persist.
 */
export function findCollectionPatterns(db: Db, events: EventBus, settings: PatternSettings = { featureWeight: 0.3, seed: 1 }): JobHandler<'find-patterns'> {
  return async ({ organisationId, collectionId, reason, runId }, ctx) => {
    const started = Date.now();
    const run = await createRun(db, { id: runId ?? randomUUID(), organisationId, collectionId, reason, params: { ...settings, minStories: MIN_STORIES } });
    const progress = async (f: number) => {
      await ctx.progress(f);
      await updateRun(db, run.id, { progress: f });
    };
    try {
      const corpus = await loadCorpus(db, collectionId);
      const stories = corpus.stories;
      await progress(0.1);
      if (stories.length < MIN_STORIES) {
        await updateRun(db, run.id, { status: 'done', storyCount: stories.length, k: 0, quality: { note: `fewer than ${MIN_STORIES} stories` }, progress: 1, finishedAt: new Date(), durationMs: Date.now() - started });
        return;
      }
      const texts = stories.map((s) => (s.title ? `${s.title}\n${s.text}` : s.text));
      const columns = signifierColumns(corpus.definitions.values());
      const features = columns.names.length > 0 ? denseFeatures(stories.map((s) => columns.row(s.answers)), columns.names) : undefined;
      const result = findPatterns(texts, { seed: settings.seed, ...(features ? { features, featureWeight: settings.featureWeight } : {}) });
      await progress(0.8);

      const previous = await currentPatterns(db, collectionId);
      const matched = matchClusters(
        previous.map((p) => ({ id: p.id, terms: p.centroid })),
        result.clusters.map((c) => c.terms),
        { newId: () => randomUUID() },
      );
      // Rows per cluster in one pass (label -1: a story with no usable words joins none).
      const rowsOf = new Map<number, number[]>();
      result.labels.forEach((label, row) => {
        if (label < 0) return;
        const rows = rowsOf.get(label);
        if (rows) rows.push(row);
        else rowsOf.set(label, [row]);
      });
      const found: SavedPattern[] = result.clusters.map((c, i) => {
        const members: SavedPattern['members'] = [];
        let sentimentSum = 0;
        let sentimentN = 0;
        (rowsOf.get(c.index) ?? []).forEach((row) => {
          members.push({ storyId: stories[row]!.id, similarity: cosine(termCounts(result.docs[row] ?? []), c.terms) });
          const sent = stories[row]!.sentiment;
          if (sent !== null) {
            sentimentSum += sent;
            sentimentN++;
          }
        });
        const profile: Record<string, number> = {};
        c.profile?.forEach((v, j) => {
          if (v !== null && Number.isFinite(v)) profile[columns.names[j]!] = v;
        });
        return {
          id: matched.ids[i]!,
          keywords: c.keywords,
          size: c.size,
          representativeIds: c.representatives.map((r) => stories[r]!.id),
          profile,
          meanSentiment: sentimentN > 0 ? sentimentSum / sentimentN : 0,
          centroid: c.terms,
          members,
        };
      });
      await savePatterns(db, run, found);
      await updateRun(db, run.id, {
        status: 'done',
        storyCount: stories.length,
        k: result.k,
        quality: { ...(result.kScores ? { kScores: result.kScores, silhouette: result.kScores.find((s) => s.k === result.k)?.silhouette ?? null } : {}), retired: matched.retired.length },
        progress: 1,
        finishedAt: new Date(),
        durationMs: Date.now() - started,
      });
      await events.publish('patterns.updated', { organisationId, collectionId, runId: run.id });
    } catch (err) {
      await updateRun(db, run.id, { status: 'failed', error: err instanceof Error ? err.message : String(err), finishedAt: new Date(), durationMs: Date.now() - started });
      throw err;
    }
  };
}
