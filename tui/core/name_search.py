"""Find the PSA names close to a record's name without scoring every pair (fuzzy blocking).

A record's company shares most of its words with the record, so only companies holding one
of the record's rarer words (or a word one typo from one) are scored, in one rapidfuzz call.
Scores are `fuzz.ratio` on token-sorted names (what `token_sort_ratio` computes), then
`similarity` looks again at the words the two names do not share.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Sequence
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

#: How far a score moves toward the similarity of the words two names do not share.
DIFFERENCE_WEIGHT = 0.3
# How many companies one search scores at most (beyond those holding its rarest word).
_CANDIDATE_BUDGET = 300
# Hits kept from one search (a company holding two of the query's words comes twice).
_HIT_LIMIT = 12
# Hits kept below the cutoff when nothing reached it: something to look at beats "no suggestion".
_FLOOR_HITS = 3
# Known words one or two edits from a mistyped word that are tried at most.
_NEAR_LIMIT = 4
# A word this alike to a query word counts as the same word mistyped ("logisstics").
_TYPO_CUTOFF = 75.0
# Mistyped words whose near words are kept for the next record with the same word (a word
# not in this PSA is most often one of a few, in many records): at most this many.
_NEAR_KEPT = 4096


class NameHit(NamedTuple):
    """A company found for a query: its position, its score, and whether one name's words
    are all in the other (which is how it was found when the score is low)."""

    position: int
    score: float
    contained: bool


class NameSearch:
    """Word postings over token-sorted normalised names, for fuzzy search by blocking.

    The postings are one flat array of positions, word after word (4 bytes a posting), with
    each word's start in a second array: a list of int objects per word held ~100 bytes a
    company at 200,000 companies. A word's postings are read as a memoryview slice, no copy.
    """

    def __init__(
        self,
        sorted_names: Sequence[str],
        *,
        cutoff: float,
        contained_score: float,
        floor: float | None = None,
    ) -> None:
        self._names = sorted_names
        self._cutoff = cutoff
        #: When nothing reaches `cutoff`, the few best candidates at or above `floor` are kept.
        self._floor = cutoff if floor is None else floor
        self._contained_score = contained_score
        # Words numbered in the order they first come (not a set's, which varies by run). A
        # word a name holds twice comes twice: rare, and cheaper undone once per word below
        # than prevented once per name (`dict.fromkeys`, a third of this loop's time).
        by_word: defaultdict[str, list[int]] = defaultdict(list)
        for position, name in enumerate(sorted_names):
            for word in name.split():
                by_word[word].append(position)
        #: word -> its number; its postings are `_postings[_starts[number]:_starts[number + 1]]`.
        self._words: dict[str, int] = {}
        self._starts = array("i", [0])
        postings = array("i")
        # A word at a time, each list freed once copied: built in one C call each (a dict
        # from a zip, an array from a chain, the lists freed at once) the same work held the
        # interpreter lock ~40 ms at 50,000 companies, and the UI's event loop waited for it.
        for word in list(by_word):
            self._words[word] = len(self._words)
            positions = by_word.pop(word)
            if len(set(positions)) < len(positions):
                positions = list(dict.fromkeys(positions))  # ascending: repeats are adjacent
            postings.extend(positions)
            self._starts.append(len(postings))
        self._postings = memoryview(postings)
        self._words_by_prefix: dict[str, list[str]] | None = None
        self._words_by_suffix: dict[str, list[str]] = {}
        self._words_by_shape: dict[str, list[str]] = {}
        self._near_kept: dict[str, list[str]] = {}

    def search(self, query: str) -> list[NameHit]:
        """Companies scoring at least `cutoff` against the token-sorted `query`, and companies
        whose words all appear in a query of three words or more ("Acme Widgets Main Office").
        """
        blocks: list[Sequence[int]] = []
        corrected: dict[str, str] = {}
        # Words in the query's order, not a set's (which varies between runs with the hash
        # seed): the candidate budget and the hit limits cut ties, so order decides results.
        words, starts, postings = self._words, self._starts, self._postings
        for word in dict.fromkeys(query.split()):
            number = words.get(word)
            if number is not None:
                blocks.append(postings[starts[number] : starts[number + 1]])
            elif len(word) >= 4:
                near = self._near_kept.get(word)
                if near is None:
                    near = self._near_words(word)
                    if len(self._near_kept) < _NEAR_KEPT:
                        self._near_kept[word] = near
                blocks += (self._posting(w) for w in near)
                if near:
                    corrected[word] = near[0]
        if not blocks:
            return []
        # Candidates are scored with each mistyped word read as its nearest known word: a slip
        # near the start of a word would otherwise move it in the token-sorted name and sink
        # the ratio. The score reported is the real one, against the query as typed.
        typed = query
        if corrected:
            query = " ".join(sorted(corrected.get(w, w) for w in query.split()))
        blocks.sort(key=len)  # rarest words first
        candidates = list(blocks[0])
        for positions in blocks[1:]:
            if len(candidates) + len(positions) > _CANDIDATE_BUDGET:
                break
            candidates += positions
        names = self._names
        choices = [names[candidates[0]]]
        if len(candidates) > 1:
            choices = list(itemgetter(*candidates)(names))
        found = process.extract(
            query, choices, scorer=fuzz.ratio, score_cutoff=self._cutoff, limit=_HIT_LIMIT
        )
        if not found and self._floor < self._cutoff:
            found = process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=self._floor, limit=_FLOOR_HITS
            )
        typed_words, spaced = typed.split(), " " in typed
        hits: dict[int, NameHit] = {}
        for name, score, i in found:
            ratio = fuzz.ratio(typed, name) if corrected else score  # the score as typed
            if ratio < 100.0 and (spaced or " " in name):
                ratio = _toward_rest(ratio, typed_words, name.split())
            hits[candidates[i]] = NameHit(candidates[i], ratio, False)
        best = max((hit.score for hit in hits.values()), default=0.0)
        rarest = len(blocks[0])
        if best < self._contained_score and query.count(" ") >= 2 and rarest <= _CANDIDATE_BUDGET:
            # Extra words push the ratio down although every word of the PSA name is there.
            # Such a company most likely holds the query's rarest word: only those are tried.
            for _, _, i in process.extract(
                query,
                choices[:rarest],
                scorer=fuzz.token_set_ratio,
                score_cutoff=100,
                limit=_HIT_LIMIT,
            ):
                held = hits.get(candidates[i])
                if held is None or held.score < self._contained_score:
                    hits[candidates[i]] = NameHit(candidates[i], self._contained_score, True)
        return list(hits.values())

    def _posting(self, word: str) -> Sequence[int]:
        """Positions of the companies whose names hold `word`, ascending (empty when none)."""
        number = self._words.get(word)
        if number is None:
            return ()
        return self._postings[self._starts[number] : self._starts[number + 1]]

    def word_count(self, word: str) -> int:
        """How many companies' names hold `word`."""
        number = self._words.get(word)
        return 0 if number is None else self._starts[number + 1] - self._starts[number]

    def holding(self, words: Sequence[str]) -> list[int]:
        """Positions of the companies whose names hold every one of `words`."""
        postings = sorted((self._posting(w) for w in set(words)), key=len)
        if not postings or not postings[0]:
            return []
        found = set(postings[0])
        for more in postings[1:]:
            found.intersection_update(more)
        return sorted(found)

    def _near_words(self, word: str) -> list[str]:
        """Known words a typo or two from `word`, nearest first: one edit (two in words of nine
        letters or more) among words of its first and last letters and about its length, then
        words as alike by ratio among those sharing its first or last three letters."""
        if self._words_by_prefix is None:  # built on first need: most runs never mistype
            by_prefix: defaultdict[str, list[str]] = defaultdict(list)
            by_suffix: defaultdict[str, list[str]] = defaultdict(list)
            by_shape: defaultdict[str, list[str]] = defaultdict(list)
            for known in self._words:
                if len(known) >= 3:
                    by_prefix[known[:3]].append(known)
                    by_suffix[known[-3:]].append(known)
                    by_shape[f"{known[0]}{known[-1]}{len(known)}"].append(known)
            self._words_by_prefix, self._words_by_suffix = dict(by_prefix), dict(by_suffix)
            self._words_by_shape = dict(by_shape)
        shapes = self._words_by_shape
        size = len(word)
        allowed = 2 if size >= 9 else 1
        edits = sorted(
            (
                (distance, near)
                for n in range(size - allowed, size + allowed + 1)
                for near, distance, _ in process.extract(
                    word,
                    shapes.get(f"{word[0]}{word[-1]}{n}", ()),
                    scorer=OSA.distance,
                    score_cutoff=allowed,
                    limit=_NEAR_LIMIT,
                )
            ),
        )[:_NEAR_LIMIT]
        pool = self._words_by_prefix.get(word[:3], []) + self._words_by_suffix.get(word[-3:], [])
        found = process.extract(word, pool, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF, limit=4)
        return list(dict.fromkeys([*(w for _, w in edits), *(w for w, _, _ in found)]))


def similarity(a: str, b: str, ratio: float | None = None) -> float:
    """Ratio of two token-sorted names, moved toward the ratio of the words they do not share.

    "arden travel" and "hartden travel" are 92 alike as strings, but the words that tell the
    companies apart are only 83 alike: the score becomes 90, not enough to accept unasked.
    """
    if ratio is None:
        ratio = fuzz.ratio(a, b)
    if ratio >= 100.0 or (" " not in a and " " not in b):
        return ratio
    return _toward_rest(ratio, a.split(), b.split())


def _toward_rest(ratio: float, a_words: list[str], b_words: list[str]) -> float:
    """`similarity` of two names' words below 100: the ratio moved toward their rest's."""
    common = set(a_words).intersection(b_words)
    if not common:
        return ratio  # nothing shared: the plain ratio says it all
    a_rest = " ".join([w for w in a_words if w not in common])
    b_rest = " ".join([w for w in b_words if w not in common])
    if not a_rest or not b_rest:
        return ratio  # only words added: the plain ratio says it all
    return ratio - max(0.0, ratio - fuzz.ratio(a_rest, b_rest)) * DIFFERENCE_WEIGHT
