"""How alike two reports' words are, and which reports of a block repeat earlier ones.

Wording is compared as the mean of two Jaccard scores: word trigrams (order and phrasing)
and the set of words (a reworded copy). A block (one channel and organisation, in time
order) is compared as matrices: each report is a row of which words and which trigrams it
uses, and one sparse product gives how many every pair shares. That is exactly the score
of comparing each pair one at a time, but it costs the same whether the reports read
alike or not: a flood of templated reports inside one window (a partner file whose rows
all carry the same date) is where a pair-at-a-time search slows to a crawl.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse

_WORD = re.compile(r"[a-z0-9]+")
# Phrases a channel wraps round every report: they make any two of its reports alike.
_BOILERPLATE = re.compile(
    r"information\s+received\s+by\s+crimestoppers:?|caller\s+(?:reports|states):?|"
    r"informant\s+states:?|the\s+source\s+does\s+not\s+wish\s+to\s+be\s+contacted\.?|"
    r"caller\s+wishes\s+to\s+remain\s+anonymous\.?",
    re.IGNORECASE,
)
# Pair scores held at once while a block is compared (each a float64, a few arrays of them).
_CELLS = 1_000_000
# Reports compared in one run at most: their words as a dense table stay small (some 4,000
# columns at 30 words each).
_RUN = 128
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True)
class ReportText:
    """What the comparison needs of a report: its block, its time and its words."""

    id: str
    reference: str
    channel: str
    org: str
    reported_at: datetime
    text: str


def _tokens(text: str) -> list[str]:
    return _WORD.findall(_BOILERPLATE.sub(" ", text).lower())


IntArray = npt.NDArray[np.int64]
_NOTHING: IntArray = np.zeros(0, dtype=np.int64)


def _jaccard(a: IntArray, b: IntArray) -> float:
    if not a.size and not b.size:
        return 1.0
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


@lru_cache(maxsize=65536)
def _features(text: str) -> tuple[IntArray, IntArray]:
    """The distinct word trigrams and the distinct words of a text, each by its hash (a false
    match is a 1 in 2**64 chance), sorted. Kept for the texts seen last: judging a large
    import compares each report with many others over several slices. At about a kilobyte
    a text, the cache holds at most some 70 MB."""
    tokens = _tokens(text)
    if not tokens:
        return _NOTHING, _NOTHING
    trigrams = {hash(tuple(tokens[i : i + 3])) for i in range(max(1, len(tokens) - 2))}
    shingles = np.array(sorted(trigrams), dtype=np.int64)
    words = np.array(sorted(set(map(hash, tokens))), dtype=np.int64)
    shingles.flags.writeable = words.flags.writeable = False  # shared by every caller
    return shingles, words


def similarity(a: str, b: str) -> float:
    """How alike two texts are, 0 to 1: mean of word-trigram and word-set Jaccard."""
    (shingles_a, words_a), (shingles_b, words_b) = _features(a), _features(b)
    if not words_a.size or not words_b.size:
        return 0.0
    return (_jaccard(shingles_a, shingles_b) + _jaccard(words_a, words_b)) / 2


Pair = tuple[ReportText, ReportText, float]


def candidate_pairs(
    reports: Sequence[ReportText],
    window: timedelta,
    threshold: float,
    only: Collection[str] | None = None,
) -> list[Pair]:
    """(original, copy, score) for each report that repeats an earlier one in its block.

    A copy links to its most alike earlier report within ``window`` (the latest of equals),
    so a report sent three times counts once. With ``only`` (report ids), just the pairs
    with one of those on a side are compared: a new report against every earlier one, and
    an older report against the new ones that came before it.
    """
    blocks: dict[tuple[str, str], list[ReportText]] = {}
    for report in reports:
        blocks.setdefault((report.channel, report.org), []).append(report)
    found: list[Pair] = []
    for block in blocks.values():
        block.sort(key=lambda r: (r.reported_at, r.reference))
        found.extend(_Block(block, window).pairs(threshold, only))
    return found


class _Block:
    """One block's reports in time order, as word and trigram incidence matrices."""

    def __init__(self, reports: list[ReportText], window: timedelta) -> None:
        self.reports = reports
        self.micros = np.array(
            [(r.reported_at - _EPOCH) // _MICROSECOND for r in reports], dtype=np.int64
        )
        self.window = window // _MICROSECOND
        features = [_features(r.text) for r in reports]
        self.shingles = _incidence([f[0] for f in features])
        self.words = _incidence([f[1] for f in features])
        self.shingle_counts = np.diff(self.shingles.indptr)
        self.word_counts = np.diff(self.words.indptr)

    def pairs(self, threshold: float, only: Collection[str] | None) -> list[Pair]:
        chosen = np.array(
            [i for i, r in enumerate(self.reports) if only is None or r.id in only], dtype=np.int64
        )
        is_chosen = np.zeros(len(self.reports), dtype=bool)
        is_chosen[chosen] = True
        copies: dict[int, tuple[float, int]] = {}  # copy's index: (score, original's index)
        for rows, low, high in self._chunks(chosen, both_ways=only is not None):
            cols = np.arange(low, high)
            scores = self._scores(rows, low, high)
            gap = self.micros[rows][:, None] - self.micros[low:high][None, :]
            # Each chosen report as the copy of an earlier one in its window.
            earlier = (cols[None, :] < rows[:, None]) & (gap <= self.window)
            _keep_best(copies, rows, cols, np.where(earlier, scores, -1.0), threshold)
            if only is not None:
                # Each older report as the copy of a new one that came before it.
                later = (cols[None, :] > rows[:, None]) & (-gap <= self.window)
                later &= ~is_chosen[cols][None, :]
                _keep_best(copies, cols, rows, np.where(later, scores, -1.0).T, threshold)
        return [
            (self.reports[original], self.reports[copy], score)
            for copy, (score, original) in sorted(copies.items())
        ]

    def _chunks(
        self, chosen: npt.NDArray[np.int64], both_ways: bool
    ) -> Iterator[tuple[npt.NDArray[np.int64], int, int]]:
        """Runs of chosen rows, each with the columns their window spans, sized so that a
        run's scores stay within ``_CELLS``."""
        start = 0
        while start < len(chosen):
            first = int(chosen[start])
            low = int(np.searchsorted(self.micros, self.micros[first] - self.window, "left"))
            count = min(_RUN, len(chosen) - start)
            while True:
                rows = chosen[start : start + count]
                last = int(rows[-1])
                high = last + 1
                if both_ways:
                    end = self.micros[last] + self.window
                    high = int(np.searchsorted(self.micros, end, "right"))
                # New reports far apart in time make a wide run: take fewer of them.
                if count == 1 or count * (high - low) <= _CELLS:
                    break
                count //= 2
            yield rows, low, high
            start += count

    def _scores(self, rows: npt.NDArray[np.int64], low: int, high: int) -> npt.NDArray[Any]:
        """The similarity of each of ``rows`` to each report from ``low`` to ``high``: the
        same arithmetic as ``similarity``, so the same floating-point result."""
        parts = []
        for matrix, counts in (
            (self.shingles, self.shingle_counts),
            (self.words, self.word_counts),
        ):
            # Only the trigrams or words the rows use can be shared: the rows as a small
            # dense table over those, multiplied by the window's sparse rows.
            chosen = matrix[rows]
            used = np.unique(chosen.indices)
            dense = chosen[:, used].toarray()
            shared = np.asarray(matrix[low:high][:, used] @ dense.T).T
            union = counts[rows][:, None] + counts[low:high][None, :] - shared
            with np.errstate(invalid="ignore", divide="ignore"):
                parts.append(np.where(union > 0, shared / union, 1.0))
        no_words = (self.word_counts[rows] == 0)[:, None] | (self.word_counts[low:high] == 0)
        return np.where(no_words, 0.0, (parts[0] + parts[1]) / 2)


def _incidence(rows: list[IntArray]) -> sparse.csr_matrix:
    """A row per array of distinct values, a column per value, 1 where the row holds it."""
    values = np.concatenate(rows) if rows else _NOTHING
    distinct, columns = np.unique(values, return_inverse=True)
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([row.size for row in rows], out=indptr[1:])
    ones = np.ones(values.size, dtype=np.float64)
    return sparse.csr_matrix((ones, columns, indptr), shape=(len(rows), max(1, distinct.size)))


def _keep_best(
    best: dict[int, tuple[float, int]],
    copies: npt.NDArray[np.int64],
    originals: npt.NDArray[np.int64],
    scores: npt.NDArray[Any],
    threshold: float,
) -> None:
    """For each of ``copies`` (a row of ``scores``), its most alike of ``originals`` (a
    column) at or above ``threshold``, the latest of equals; kept in ``best`` when it beats
    what an earlier run found (runs come in time order, so an equal one is later)."""
    if scores.size == 0:
        return
    # argmax picks the first of equals; reading the columns backwards makes that the latest.
    backwards = scores[:, ::-1].argmax(axis=1)
    at = scores.shape[1] - 1 - backwards
    top = scores[np.arange(len(copies)), at]
    for k in np.flatnonzero(top >= threshold):
        copy, score, original = int(copies[k]), float(top[k]), int(originals[at[k]])
        if copy not in best or score >= best[copy][0]:
            best[copy] = (score, original)
