"""Incremental story clustering: each new article joins the best story or starts one.

A story keeps a running sum of its members' lead embeddings (its centroid is
the normalised sum), the counts of their immutables (its entity profile) and
the sum and count of their publication dates (its mean date; the range is
kept for display). An article is scored against the ``candidates`` stories
nearest by centroid cosine with ``same_story_score``'s formula, the story
standing in for the second article (cosine to the centroid, entity overlap
with the profile, date gap to the mean date), and joins the best one scoring
at least ``threshold``; otherwise it starts a story. Against the range, a
run of similar reports each a few days after the last would chain a
campaign's weeks into one story; the mean stays where the reports are.
Nothing is reclustered.

When an article joins a story, the other stories shortlisted for it are
checked against the grown story: two stories merge when their average
pairwise cosine (not the centroid cosine, which flatters large stories)
scores at least ``threshold`` and their date ranges agree. That repairs the
usual weakness of one-pass clustering, a story split in two because its
bridging article came late.

Determinism: the result depends only on the order the articles arrive in.
``add`` of a batch gives exactly what adding the same articles one by one
gives: the shortlist is ranked on exact current cosines (stories the batch
has already changed are rescored), ties go to the older story.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from ..records import Story
from .inputs import StoryInput
from .score import Rarity, StoryOptions, combine, date_gap_days, entity_overlap, entity_weight

STATE_VERSION = "unspun.stories/1"
_CHUNK = 256
_MARGIN = 4
"""Untouched stories rescored beyond ``candidates``, so that near-ties never depend on the batching."""


@dataclass(slots=True)
class _Story:
    id: str
    members: list[str]
    tokens: Counter = field(default_factory=Counter)
    english: float = 0.0
    dates: tuple[date, date] | None = None
    """First and last publication date of its members (shown; not what the score compares)."""
    alive: bool = True
    date_sum: int = 0
    """Sum of its dated members' dates (proleptic ordinals) ..."""
    date_n: int = 0
    """... and how many are dated: their mean is the story's date for the score (:meth:`when`)."""
    dated: dict[str, int] = field(default_factory=dict)
    """The date (proleptic ordinal) each member added to ``date_sum``, so that a member can leave (:meth:`StoryIndex.
    follow`); members of a state saved before it was kept are not in it, and leave their date behind."""
    _profile: dict[str, float] | None = None
    _top: tuple[int, list[str]] | None = None
    """(size, the ``size`` tokens of the highest counts, ties by token) as last computed."""

    def profile(self, size: int) -> dict[str, float]:
        if self._profile is None:
            n = len(self.members)
            top = self._top_tokens(size)
            self._profile = {t: self.tokens[t] / n for t in top}
        return self._profile

    def _top_tokens(self, size: int) -> list[str]:
        if self._top is None or self._top[0] != size:
            items = self.tokens.items()
            if len(self.tokens) > size:  # the size-th largest count, then only the tokens reaching it are sorted
                floor = heapq.nlargest(size, self.tokens.values())[-1]
                items = [kv for kv in items if kv[1] >= floor]
            self._top = (size, [t for t, _ in sorted(items, key=lambda kv: (-kv[1], kv[0]))[:size]])
        return self._top[1]

    def when(self) -> tuple[date, date] | None:
        """The story's date as the score sees it: the mean date of its dated members, as a one-day range.

        Not the whole range: each report joins a story within days of the one
        before, so a range would chain a campaign's seven weeks into one story;
        the mean stays where most of the story's reports are.
        """
        if not self.date_n:
            return None
        d = date.fromordinal(round(self.date_sum / self.date_n))
        return d, d

    def grew(self, tokens: Iterable[str]) -> None:
        """The counts of ``tokens`` went up (and no other count changed): only they can enter the top
        tokens, so the new top is found among the old top and them, not among all the story's tokens."""
        self._profile = None
        if self._top is None:
            return
        size, top = self._top
        pool = dict.fromkeys(top)
        pool.update(dict.fromkeys(tokens))
        ranked = sorted(((self.tokens[t], t) for t in pool), key=lambda ct: (-ct[0], ct[1]))
        self._top = (size, [t for _, t in ranked[:size]])


def _below_threshold_whatever_the_overlap(cos: float, english: float, gap: float | None,
                                          o: StoryOptions) -> bool:
    """Whether the score stays under the threshold even at full entity overlap (1), so the overlap,
    the costly part, need not be computed: the score only grows with the overlap while its weight is
    not negative (the fit keeps it so)."""
    return entity_weight(english, o) >= 0.0 and combine(cos, 1.0, english, gap, o) < o.threshold


def _widen(r: tuple[date, date] | None, d: date | None) -> tuple[date, date] | None:
    if d is None:
        return r
    return (d, d) if r is None else (min(r[0], d), max(r[1], d))


class StoryIndex:
    """Stories of the articles added so far; ``add`` assigns new ones without reclustering."""

    def __init__(self, options: StoryOptions = StoryOptions()) -> None:
        self.options = options
        self.rarity = Rarity()
        self._stories: list[_Story] = []
        self._sums = np.zeros((0, 0), dtype=np.float32)
        self._cent = np.zeros((0, 0), dtype=np.float32)
        self._of: dict[str, int] = {}
        self._forward: dict[int, int] = {}

    # -- queries ---------------------------------------------------------
    def __len__(self) -> int:
        return sum(s.alive for s in self._stories)

    def story_of(self, article_id: str) -> str | None:
        slot = self._of.get(article_id)
        return None if slot is None else self._stories[self._resolve(slot)].id

    def story_key(self, article_id: str) -> int | None:
        """Which story ``article_id`` is in, as a key that stays the story's when its id changes (a story named
        after a copy that :meth:`follow` moves out of it takes another member's id)."""
        slot = self._of.get(article_id)
        return None if slot is None else self._resolve(slot)

    def stories(self) -> list[Story]:
        """The live stories, oldest first."""
        out = []
        for s in self._stories:
            if s.alive:
                first, last = (s.dates[0].isoformat(), s.dates[1].isoformat()) if s.dates else (None, None)
                top = sorted(s.tokens.items(), key=lambda kv: (-kv[1] * self.rarity.weight(kv[0]), kv[0]))[:10]
                out.append(Story(s.id, tuple(s.members), first, last, tuple(t for t, _ in top)))
        return out

    def labels(self, article_ids: Iterable[str]) -> list[str | None]:
        return [self.story_of(a) for a in article_ids]

    # -- persistence -----------------------------------------------------
    def to_state(self) -> dict:
        """The index as plain data (lists, dicts, one float32 array) for a store to persist.

        ``StoryIndex.from_state(index.to_state(), options)`` continues exactly
        where this index stopped.
        """
        n = len(self._stories)
        return {
            "schema": STATE_VERSION,
            "options": {"threshold": self.options.threshold, "window_days": self.options.window_days,
                        "decay_days": self.options.decay_days, "candidates": self.options.candidates,
                        "merge": self.options.merge},
            "stories": [{"id": s.id, "members": list(s.members), "tokens": dict(s.tokens),
                         "english": s.english, "alive": s.alive, "date_sum": s.date_sum, "date_n": s.date_n,
                         "dated": dict(s.dated),
                         "dates": [s.dates[0].isoformat(), s.dates[1].isoformat()] if s.dates else None}
                        for s in self._stories],
            "sums": self._sums[:n].copy(),
            "forward": {int(k): int(v) for k, v in self._forward.items()},
            "articles": dict(self._of),
            "rarity": {"df": dict(self.rarity.df), "docs": self.rarity.docs},
        }

    @classmethod
    def from_state(cls, state: dict, options: StoryOptions = StoryOptions()) -> StoryIndex:
        if state.get("schema") != STATE_VERSION:
            raise ValueError(f"not a {STATE_VERSION} state: {state.get('schema')!r}")
        idx = cls(options)
        for d in state["stories"]:
            dates = (date.fromisoformat(d["dates"][0]), date.fromisoformat(d["dates"][1])) if d["dates"] else None
            st = _Story(d["id"], list(d["members"]), Counter(d["tokens"]), float(d["english"]), dates, bool(d["alive"]))
            if "date_n" in d:
                st.date_sum, st.date_n = int(d["date_sum"]), int(d["date_n"])
                st.dated = {str(k): int(v) for k, v in d.get("dated", {}).items()}
            elif dates:  # a state saved before stories kept their mean date: the middle of their range, weighed
                k = len(st.members)  # as all its members (as one, a few new reports would drag it away)
                st.date_sum, st.date_n = (dates[0].toordinal() + dates[1].toordinal()) // 2 * k, k
            idx._stories.append(st)
        sums = np.asarray(state["sums"], dtype=np.float32)
        if len(sums):
            idx._sums = sums.copy()
            idx._cent = np.zeros_like(idx._sums)
            for slot in range(len(sums)):
                idx._recentre(slot)
        idx._forward = {int(k): int(v) for k, v in state["forward"].items()}
        idx._of = {str(k): int(v) for k, v in state["articles"].items()}
        idx.rarity = Rarity(state["rarity"]["df"], int(state["rarity"]["docs"]))
        return idx

    # -- adding ----------------------------------------------------------
    def add(self, inputs: StoryInput | Iterable[StoryInput]) -> list[str]:
        """Assign articles, in the order given, and return each one's story id.

        An article already in the index keeps its story (adding is idempotent).
        """
        batch = [inputs] if isinstance(inputs, StoryInput) else list(inputs)
        out: list[str] = []
        for start in range(0, len(batch), _CHUNK):
            out.extend(self._add_chunk(batch[start:start + _CHUNK]))
        return out

    def _add_chunk(self, batch: list[StoryInput]) -> list[str]:
        if not batch:
            return []
        vecs = np.stack([np.asarray(x.embedding, dtype=np.float32) for x in batch])
        self._ensure_dim(vecs.shape[1])
        n0 = len(self._stories)
        want = self.options.candidates + _MARGIN
        ranked = np.zeros((len(batch), 0), dtype=np.int64)
        if n0:  # rank the stories as they stand, nearest first, deep enough to skip those the batch changes
            sims = vecs @ self._cent[:n0].T
            width = min(n0, want + 2 * len(batch))
            top = np.argpartition(-sims, width - 1, axis=1)[:, :width] if width < n0 else \
                np.broadcast_to(np.arange(n0), (len(batch), n0))
            order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1, kind="stable")
            ranked = np.take_along_axis(top, order, axis=1)
        touched: dict[int, None] = {}  # stories this batch created or changed, in order
        out = []
        for i, x in enumerate(batch):
            if x.id in self._of:
                out.append(self._stories[self._resolve(self._of[x.id])].id)
                continue
            shortlist = self._shortlist(vecs[i], ranked[i], n0, touched)
            slot = self._assign(x, vecs[i], shortlist, touched)
            out.append(self._stories[slot].id)
        return out

    def _shortlist(self, vec: np.ndarray, ranked: np.ndarray, n0: int,
                   touched: dict[int, None]) -> list[tuple[float, int]]:
        """The ``candidates`` live stories nearest by exact current centroid cosine.

        Stories the batch has not touched keep the cosine computed for the
        whole batch; the first few of them are taken from ``ranked`` (or, when
        the batch touched too many of those, from a full ranking) and rescored
        together with every touched story on the current centroids.
        """
        want = self.options.candidates + _MARGIN
        picked: list[int] = []
        for s in ranked.tolist():
            if s not in touched and self._stories[s].alive:
                picked.append(s)
                if len(picked) == want:
                    break
        else:
            if len(ranked) < n0:  # ran out: rank every untouched story on its own
                full = np.argsort(-(self._cent[:n0] @ vec), kind="stable")
                return self._shortlist(vec, full, n0, touched)
        slots = picked + [t for t in touched if self._stories[t].alive]
        if not slots:
            return []
        cos = (self._cent[slots] * vec).sum(axis=1)  # row by row, so batch size never changes a bit
        best = sorted(zip((-cos).tolist(), slots, strict=True))[: self.options.candidates]
        return [(-c, s) for c, s in best]

    def _score(self, cos: float, x_english: float, x_profile: dict[str, float], x_dates, s: _Story) -> float:
        o = self.options
        english = min(x_english, s.english / len(s.members))
        gap = date_gap_days(x_dates, s.when())
        if _below_threshold_whatever_the_overlap(cos, english, gap, o):
            return combine(cos, 0.0, english, gap, o)  # < threshold either way: only reaching it matters
        overlap = 0.0
        if entity_weight(english, o) != 0.0:
            overlap = entity_overlap(x_profile, s.profile(o.profile_tokens), self.rarity.weight)
        return combine(cos, overlap, english, gap, o)

    def _assign(self, x: StoryInput, vec: np.ndarray, shortlist, touched: dict[int, None]) -> int:
        o = self.options
        profile = dict.fromkeys(x.tokens, 1.0)
        dates = (x.published, x.published) if x.published else None
        # an article that copies or rewrites articles already here, or that they copy or rewrite, reports their
        # event, whatever dates they carry: it joins the best of their stories
        same = {self._resolve(self._of[y]) for y in x.reuses if y in self._of}
        scored = [(float(self._cent[t] @ vec), t) for t in sorted(same)] if same else shortlist
        best, best_slot = -1.0, -1
        for cos, slot in scored:
            sc = self._score(cos, x.english, profile, None if same else dates, self._stories[slot])
            if sc > best or (sc == best and slot < best_slot):
                best, best_slot = sc, slot
        if same:
            best = max(best, o.threshold)
        if best >= o.threshold:
            slot = best_slot
            self._join(slot, x, vec, dated=not same)  # a copy's own date is no date of the event
        else:
            slot = self._new_story(x, vec)
        self._of[x.id] = slot
        touched[slot] = None
        self.rarity.add(x.tokens)
        if o.merge and best >= o.threshold:
            for _, other in shortlist:
                cur = self._resolve(slot)
                if other != cur and self._stories[other].alive:
                    self._maybe_merge(min(cur, other), max(cur, other), touched)
        return self._resolve(slot)

    def _new_story(self, x: StoryInput, vec: np.ndarray) -> int:
        slot = len(self._stories)
        if slot == len(self._sums):
            grow = max(16, slot)
            self._sums = np.vstack([self._sums, np.zeros((grow, self._sums.shape[1]), np.float32)])
            self._cent = np.vstack([self._cent, np.zeros((grow, self._cent.shape[1]), np.float32)])
        self._stories.append(_Story(x.id, []))
        self._join(slot, x, vec)
        return slot

    def _join(self, slot: int, x: StoryInput, vec: np.ndarray, *, dated: bool = True) -> None:
        s = self._stories[slot]
        s.members.append(x.id)
        s.tokens.update(x.tokens)
        s.grew(x.tokens)
        s.english += x.english
        if dated:
            s.dates = _widen(s.dates, x.published)
            if x.published is not None:
                s.date_sum += x.published.toordinal()
                s.date_n += 1
                s.dated[x.id] = x.published.toordinal()
        self._sums[slot] += vec
        self._recentre(slot)

    def follow(self, x: StoryInput, source: str) -> bool:
        """Move ``x``, an article already in the index, into the story of ``source``, the article it copies or
        rewrites, when the two are in different stories; returns whether it moved.

        A copy analysed before its original joined a story on its own score (or started one); the original,
        arriving later, takes no story from its copy (a copy's wrong date would pull it out of its event's story),
        so the copy follows the original instead. ``x`` must be the input it was added with (its embedding and
        tokens are taken back out of the story it leaves). It joins as a copy does: its own date is no date of
        the event. A story left empty ends; a merge the copy brought about is not undone (the stories it joined
        stay one, its own vector, names and date taken out of it); one named after it (the copy started it) takes
        the id of its first remaining member.
        """
        if x.id not in self._of or source not in self._of:
            raise KeyError(x.id if x.id not in self._of else source)
        old, new = self._resolve(self._of[x.id]), self._resolve(self._of[source])
        if old == new:
            return False
        vec = np.asarray(x.embedding, dtype=np.float32)
        s = self._stories[old]
        s.members.remove(x.id)
        s.tokens.subtract(x.tokens)
        s.tokens = +s.tokens  # counts that fell to nothing leave the profile
        s._top = s._profile = None
        s.english -= x.english
        when = s.dated.pop(x.id, None)
        if when is not None:
            s.date_sum -= when
            s.date_n -= 1
            if len(s.dated) == s.date_n:  # every dated member's date is known: the range is theirs
                days = [date.fromordinal(d) for d in s.dated.values()]
                s.dates = (min(days), max(days)) if days else None
        self._sums[old] -= vec
        if s.members:
            if s.id == x.id:  # named after the article that leaves it: it takes the name of its first remaining
                s.id = s.members[0]  # member, as it would have had without it (no story is named after an outsider)
            self._recentre(old)
        else:
            s.alive, s.tokens, s.english, s.dates = False, Counter(), 0.0, None
            self._sums[old] = 0.0
            self._cent[old] = 0.0
            self._forward[old] = new  # an id of the story it was, if anyone kept one, leads where its member went
        self._join(new, x, vec, dated=False)
        self._of[x.id] = new
        return True

    def _recentre(self, slot: int) -> None:
        norm = float(np.linalg.norm(self._sums[slot]))
        self._cent[slot] = self._sums[slot] / norm if norm > 0 else 0.0

    def _maybe_merge(self, keep: int, drop: int, touched: dict[int, None]) -> None:
        a, b = self._stories[keep], self._stories[drop]
        mean_cos = float(self._sums[keep] @ self._sums[drop]) / (len(a.members) * len(b.members))
        english = min(a.english / len(a.members), b.english / len(b.members))
        gap = date_gap_days(a.when(), b.when())
        if _below_threshold_whatever_the_overlap(mean_cos, english, gap, self.options):
            return
        overlap = 0.0
        if entity_weight(english, self.options) != 0.0:
            overlap = entity_overlap(a.profile(self.options.profile_tokens),
                                     b.profile(self.options.profile_tokens), self.rarity.weight)
        if combine(mean_cos, overlap, english, gap, self.options) < self.options.threshold:
            return
        a.members.extend(b.members)
        a.tokens.update(b.tokens)
        a.grew(b.tokens)
        a.english += b.english
        if b.dates:
            a.dates = _widen(_widen(a.dates, b.dates[0]), b.dates[1])
        a.date_sum += b.date_sum
        a.date_n += b.date_n
        a.dated.update(b.dated)
        self._sums[keep] += self._sums[drop]
        self._recentre(keep)
        b.alive, b.members, b.tokens, b.dated = False, [], Counter(), {}
        self._sums[drop] = 0.0
        self._cent[drop] = 0.0
        self._forward[drop] = keep  # its articles now resolve to the story that absorbed it
        touched[keep] = touched[drop] = None

    def _resolve(self, slot: int) -> int:
        while slot in self._forward:
            slot = self._forward[slot]
        return slot

    def _ensure_dim(self, dim: int) -> None:
        if self._sums.shape[1] == 0:
            self._sums = np.zeros((0, dim), dtype=np.float32)
            self._cent = np.zeros((0, dim), dtype=np.float32)
        elif self._sums.shape[1] != dim:
            raise ValueError(f"embedding has {dim} dimensions, the index {self._sums.shape[1]}")
