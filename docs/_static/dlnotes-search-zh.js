/* The Chinese site's search: split a query into the terms the search index holds.
 *
 * Sphinx looks each word of a query up in the index whole, and takes a word to be a run of
 * letters: 交叉熵损失 or Adam优化器 was one word, which the index (cut into words by jieba when the
 * site was built) does not hold, so the search found nothing. Here a run of Chinese characters is
 * cut into the index's own terms: the cut that leaves the fewest characters out, then the one with
 * the fewest (so the longest) terms. Characters no term covers (是, 的) are left out, and so are
 * question words (什么, 如何): a page found must hold every term of the query. Latin words and
 * numbers are left as Sphinx's own splitter leaves them.
 *
 * Sphinx requires on a page only the query's words of three letters or more (shorter English
 * words are mostly noise); most Chinese terms have two characters, so a page holding any one of
 * them was found (学习率上限 gave 19 results, of which 4 hold both terms). Here every term is
 * required.
 *
 * docs/_ext/chinese_search.py loads this on the Chinese site's search page, before Sphinx's
 * searchtools.js, which then uses this splitQuery instead of defining its own.
 */
"use strict";

// eslint-disable-next-line no-var -- a global, the name searchtools.js looks for
var splitQuery = (() => {
  const LONGEST = 12; // characters of the longest term looked for
  const CHINESE = /(\p{Script=Han}+)/u;
  // Sphinx's own splitter: at every character that is not a letter, a number, "_" or an emoji.
  const BETWEEN_WORDS = /[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu;
  const QUESTION_WORDS = new Set([
    "什么",
    "怎么",
    "怎样",
    "如何",
    "为什么",
    "为何",
    "哪些",
    "哪个",
    "是否",
    "可以",
    "一个",
  ]);
  let known = null; // the index's terms, once it has loaded

  const indexTerms = () => {
    if (known === null && typeof Search !== "undefined" && Search._index) {
      const { terms, titleterms } = Search._index;
      known = new Set([...Object.keys(terms), ...Object.keys(titleterms)]);
    }
    return known || new Set();
  };

  // The cut of `run` into terms of `terms` that leaves the fewest characters out, then has the
  // fewest terms: best[i] is that cut of run.slice(0, i).
  const cut = (run, terms) => {
    const best = [{ missed: 0, words: [] }];
    for (let end = 1; end <= run.length; end++) {
      let choice = { missed: best[end - 1].missed + 1, words: best[end - 1].words };
      for (let start = Math.max(0, end - LONGEST); start < end - 1; start++) {
        const word = run.slice(start, end);
        if (!terms.has(word)) continue;
        const missed = best[start].missed;
        const count = best[start].words.length + 1;
        if (
          missed < choice.missed ||
          (missed === choice.missed && count < choice.words.length)
        ) {
          choice = { missed, words: [...best[start].words, word] };
        }
      }
      best.push(choice);
    }
    return best[run.length].words;
  };

  // Search.performTermsSearch, keeping only the pages that hold every term.
  const requireEveryTerm = () => {
    const sphinx = Search.performTermsSearch;
    if (sphinx.everyTerm) return;
    const search = (searchTerms, excludedTerms) => {
      const results = sphinx(searchTerms, excludedTerms);
      if (searchTerms.size < 2) return results;
      let pages = null;
      for (const term of searchTerms) {
        const found = sphinx(new Set([term]), excludedTerms).map((result) => result[0]);
        pages = new Set(pages === null ? found : found.filter((page) => pages.has(page)));
      }
      return results.filter((result) => pages.has(result[0]));
    };
    search.everyTerm = true;
    Search.performTermsSearch = search;
  };

  return (query) => {
    if (typeof Search !== "undefined") requireEveryTerm();
    const words = [];
    for (const part of query.split(BETWEEN_WORDS)) {
      // "Adam优化器": the Latin and the Chinese apart
      for (const piece of part.split(CHINESE)) {
        if (!piece) continue;
        if (!CHINESE.test(piece)) {
          words.push(piece);
          continue;
        }
        const terms = indexTerms();
        const found = terms.has(piece) ? [piece] : cut(piece, terms);
        const meant = found.filter((word) => !QUESTION_WORDS.has(word));
        words.push(...(meant.length ? meant : found.length ? found : [piece]));
      }
    }
    return words;
  };
})();
