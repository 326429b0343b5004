// natural ships types only for its index, and the index pulls in dotenv, mongoose and
// redis; these declare the few CommonJS submodules we import directly.

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer_nl.js' {
  // The steps of stem(), which porter.ts calls after its own prelude.
  const stemmer: {
    stem(word: string): string;
    markRegions(word: string): void;
    step1(word: string): string;
    step2(word: string): string;
    step3a(word: string): string;
    step3b(word: string): string;
    step4(word: string): string;
    postlude(word: string): string;
  };
  export default stemmer;
}

declare module 'natural/lib/natural/tokenizers/regexp_tokenizer.js' {
  export class RegexpTokenizer {
    constructor(options: { pattern: RegExp; gaps?: boolean });
    tokenize(text: string): string[] | null;
  }
}

declare module 'natural/lib/natural/sentiment/SentimentAnalyzer.js' {
  export default class SentimentAnalyzer {
    constructor(
      language: 'Dutch' | 'English',
      stemmer: { stem(word: string): string } | null,
      type: 'pattern' | 'afinn' | 'senticon',
    );
    getSentiment(words: readonly string[]): number;
  }
}

declare module 'natural/lib/natural/util/stopwords.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_nl.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_fr.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_es.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_it.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_pt.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_sv.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_no.js' {
  const list: { words: string[] };
  export default list;
}
declare module 'natural/lib/natural/util/stopwords_pl.js' {
  const list: { words: string[] };
  export default list;
}
