export { redact, isValidBsn, isValidIban } from './redact.ts';
export type { Finding, PiiKind, Redaction } from './redact.ts';

export {
  detectLanguage,
  languageScores,
  prepareCorpus,
  sentiment,
  stem,
  stopWords,
  SurfaceForms,
  tokenize,
} from './text.ts';
export type { Lang, LanguageScores, PreparedCorpus, PrepareOptions } from './text.ts';

export { appendDense, denseFeatures, tfidf } from './tfidf.ts';
export type { CsrMatrix, DenseFeatures, TfidfModel, TfidfOptions } from './tfidf.ts';

export { chooseK, silhouette, sphericalKMeans, summarizeClusters } from './cluster.ts';
export type {
  ChooseKOptions,
  ChooseKResult,
  ClusterSummary,
  KMeansOptions,
  KMeansResult,
  SilhouetteOptions,
  SummaryOptions,
} from './cluster.ts';

export { cosine, matchClusters, maximumAssignment, termCounts } from './match.ts';
export type { MatchOptions, MatchResult, PreviousPattern, TermWeights } from './match.ts';

export { ari, nmi } from './metrics.ts';

export { findPatterns } from './patterns.ts';
export type { FindPatternsOptions, PatternsResult } from './patterns.ts';

export { normalQuantile, studentTCdf, studentTQuantile, wilsonInterval } from './stats.ts';

export { groupOutcomes, whatWorks, whatWorksFromGroups } from './whatworks.ts';
export type {
  MeanEstimate,
  OutcomeGroup,
  OutcomeRow,
  OutcomeTally,
  ShareEstimate,
  SituationBaseline,
  WhatWorksCell,
  WhatWorksOptions,
  WhatWorksResult,
} from './whatworks.ts';

export { createRng } from './random.ts';
