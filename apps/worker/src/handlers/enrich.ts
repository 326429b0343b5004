import { cosine, detectLanguage, prepareCorpus, sentiment, termCounts } from '@vertelpunt/analytics';
import { currentPatterns, findStoryForEnrichment, insertEnrichment, type Db, type PatternRow } from '@vertelpunt/db';
import type { EventBus, JobHandler } from '@vertelpunt/queue';

/**
 * Enriches one story: language, tokens and stems, sentiment, its term vector, and the nearest
 * current pattern, so live views can place it at once. The text was redacted on arrival.
 * Writing the enrichment is idempotent (one row per story), so a retried job is harmless.
 */
export function enrichStory(db: Db, events: EventBus): JobHandler<'enrich-story'> {
  // Patterns change once per run, stories arrive all the time: keep each collection's current
  // patterns until a run announces new ones (or a minute passes, for runs elsewhere).
  const cache = new Map<string, { patterns: PatternRow[]; until: number }>();
  events.subscribe('patterns.updated', (e) => cache.delete(e.collectionId));
  const patternsOf = async (collectionId: string) => {
    const hit = cache.get(collectionId);
    if (hit && hit.until > Date.now()) return hit.patterns;
    const patterns = await currentPatterns(db, collectionId);
    cache.set(collectionId, { patterns, until: Date.now() + 60_000 });
    return patterns;
  };
  return async ({ storyId }) => {
    const story = await findStoryForEnrichment(db, storyId);
    // Deleted since it was accepted (e.g. an AVG erasure request): nothing left to do.
    if (!story) return;
    const text = story.title ? `${story.title}\n${story.text}` : story.text;
    const lang = detectLanguage(text);
    const prepared = prepareCorpus([text], { lang });
    const stems = prepared.docs[0] ?? [];
    const terms = termCounts(stems);

    let patternId: string | null = null;
    let similarity: number | null = null;
    for (const p of await patternsOf(story.collectionId)) {
      const sim = cosine(terms, p.centroid);
      if (sim > (similarity ?? 0)) {
        similarity = sim;
        patternId = p.id;
      }
    }
    await insertEnrichment(db, {
      storyId,
      organisationId: story.organisationId,
      collectionId: story.collectionId,
      language: lang,
      sentiment: sentiment(text, lang),
      tokenCount: stems.length,
      terms,
      patternId,
      similarity,
    });
    await events.publish('story.enriched', {
      storyId,
      organisationId: story.organisationId,
      collectionId: story.collectionId,
      patternId,
      receivedAt: story.receivedAt.toISOString(),
      enrichedAt: new Date().toISOString(),
    });
  };
}
