"""Type stubs of the extension module, re-exported by ``alama``."""

import os
from collections.abc import Sequence

class Span:
    """An entity mention found in a text.

    ``start`` and ``end`` are offsets in code points (Python's string
    indices), end exclusive, so that ``text == original[start:end]``.
    """

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str:
        """The entity type: PER, ORG, GPE, DATE…"""
    @property
    def text(self) -> str: ...
    @property
    def entity(self) -> str | None:
        """The lexicon id of the entity (``geonames:98182``), or None."""
    @property
    def status(self) -> str:
        """"suggested", or "confirmed" for an annotation of the project."""
    @property
    def source(self) -> str:
        """lexicon, rule, pattern, propagated, repeated or annotation."""
    def __init__(
        self,
        start: int,
        end: int,
        label: str,
        text: str,
        entity: str | None = None,
        status: str = "suggested",
        source: str = "lexicon",
    ) -> None: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...

class Tagger:
    """Alama's engine with a project's lexicons, settings and confirmed names.

    Each text gets exactly the spans ``alama tag --format jsonl`` gives it
    as a document of the project that has no ``.ann`` file of its own.
    """

    def __init__(
        self,
        project: str | os.PathLike[str] | None = None,
        lexicons: Sequence[str | os.PathLike[str]] = ...,
        default_lexicon: bool = True,
    ) -> None:
        """Loads the engine.

        ``project`` is a project folder, whose lexicons, settings and
        confirmed annotations apply; without it the embedded defaults are
        used. ``lexicons`` are more lexicon files (JSON Lines), and
        ``default_lexicon=False`` leaves the embedded lexicon out. A missing
        folder or file raises ``FileNotFoundError``, a project whose
        settings cannot be read ``ValueError``.
        """
    @property
    def warnings(self) -> list[str]:
        """The lines and files that could not be read while loading."""
    def tag(self, text: str) -> list[Span]:
        """The spans of ``text``, sorted by start and never overlapping."""
    def tag_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """``[tag(t) for t in texts]``, tagged on all cores without the GIL."""

__all__ = ["Span", "Tagger"]
