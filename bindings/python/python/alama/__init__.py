"""Alama's engine in Python: entity mentions in Arabic and English news.

``Tagger`` tags texts as ``alama tag`` does, and each mention is a ``Span``.
The spaCy component "alama" lives in ``alama.spacy``; spaCy is needed only
by that module, never by this one.
"""

from alama._alama import Span, Tagger

__all__ = ["Span", "Tagger"]
