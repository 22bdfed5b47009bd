"""The stories stage: group articles into stories, one story being one news event.

``same_story_score(a, b)`` says how likely two articles report the same
event (text, shared names and numbers, publication dates); ``StoryIndex``
assigns articles to stories one at a time or in batches, without
reclustering what it already holds::

    from unspun.stories import StoryIndex, story_inputs

    index = StoryIndex()
    index.add(story_inputs(articles))        # embeds the leads unless given embeddings=
    for story in index.stories():
        print(story.id, story.first, story.last, story.articles)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ..records import Story
from .index import STATE_VERSION, StoryIndex
from .inputs import StoryInput, english_share, inputs_from_store, parse_date, story_inputs
from .metrics import BCubed, bcubed
from .score import Calibration, Rarity, StoryOptions, date_factor, entity_overlap, same_story_score


def chronological(inputs: Iterable[StoryInput]) -> list[StoryInput]:
    """Dated articles oldest first, then undated ones, each group by id: a reproducible arrival order."""
    return sorted(inputs, key=lambda x: (x.published is None, x.published or date.min, x.id))


def cluster(inputs: Iterable[StoryInput], options: StoryOptions = StoryOptions()) -> list[Story]:
    """Stories of a whole collection, added in ``chronological`` order."""
    index = StoryIndex(options)
    index.add(chronological(inputs))
    return index.stories()


__all__ = ["BCubed", "Calibration", "Rarity", "STATE_VERSION", "Story", "StoryIndex", "StoryInput",
           "StoryOptions", "bcubed", "chronological", "cluster", "date_factor", "english_share",
           "entity_overlap", "inputs_from_store", "parse_date", "same_story_score", "story_inputs"]
