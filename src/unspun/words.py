"""What a word is, for every stage that counts words: fingerprints, alignment features, diffs.

A run of letters or digits (apostrophes kept inside: ``don't``), as ``\\w+``
finds, except in the scripts written without spaces between words: each Han
character and each kana is a word of its own there (character unigrams, the
usual unit of Chinese and Japanese text reuse), so that a Chinese copy shares
shingles and aligned sentences like an English one. Korean puts spaces
between words and is left to ``\\w``.
"""

from __future__ import annotations

import re

CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
"""Hiragana, katakana and the Han ideographs (with extension A and the compatibility block)."""
WORD = re.compile(rf"[{CJK}]|[^\W{CJK}]+(?:['’][^\W{CJK}]+)*")
"""One word: a Han character or kana alone, else a run of word characters with apostrophe parts."""
