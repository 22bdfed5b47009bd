"""Spin detection: machine-spun rewrites, with a source (:func:`rewrite_spin`) and without (:func:`article_spin`).

``rewrite_spin(text_a, text_b, relation)`` says how a rewrite pair was made
(``machine_spin``, ``editorial_rewrite`` or ``translation_round_trip``) from
the relation's aligned passages; ``article_spin(text)`` scores one article
from the traces spinners leave and editors don't (tokenizer residue, a name
spelled two ways, words news hardly uses, altered quotations), each flag
pointing at its span. Figures: ``bench/eval_spin.py`` (SYNTHETIC spins of real
PolNeAR articles, and what real labels support).
"""

from .flags import ArticleSpin, SpinFlag, SpinOptions, altered_quotes, article_spin, spin_flags
from .lexicon import Lexicon, default_lexicon
from .verdict import RewriteSignals, RewriteSpin, VerdictOptions, rewrite_signals, rewrite_spin

__all__ = ["ArticleSpin", "SpinFlag", "SpinOptions", "article_spin", "altered_quotes", "spin_flags",
           "RewriteSpin", "RewriteSignals", "VerdictOptions", "rewrite_spin", "rewrite_signals",
           "Lexicon", "default_lexicon"]
