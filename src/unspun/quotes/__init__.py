"""Direct quotations and who said them.

``extract_quotes(text)`` finds every direct quotation in an article's text
(straight and curly marks, guillemets, quotations broken by their attribution
or reopened at each new paragraph) with its speaker where the text says who::

    from unspun.quotes import extract_quotes

    for q in extract_quotes('"We will win," Xi said.'):
        print(q.text, q.speaker, q.cue)        # We will win  Xi  said
"""

from __future__ import annotations

from .extract import extract_quotes

__all__ = ["extract_quotes"]
