// Test-only helper (imported by *.test.ts, not by the package): reads the labelled corpora
// from ../shared/data, which sits beside the repository in development and CI.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const corporaDir = fileURLToPath(new URL('../../../../shared/data/corpora/', import.meta.url));
export const haveCorpora = existsSync(corporaDir);

/** Test title that says why the test is skipped when the corpora are absent. */
export function corpusTitle(title: string): string {
  return haveCorpora ? title : `${title} (skipped: shared corpora not found at ${corporaDir})`;
}

export interface CorpusRow {
  readonly text: string;
  readonly label: string;
  readonly lang: string;
}

export function readCorpus(name: string): CorpusRow[] {
  return readFileSync(`${corporaDir}${name}.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as CorpusRow);
}
