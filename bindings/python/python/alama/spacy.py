"""The spaCy pipeline component "alama": ``nlp.add_pipe("alama")``.

It sets ``doc.ents`` from Alama's spans, laid on spaCy's tokens as ``alama
export --format spacy`` lays them (README, "alama export"): a span that
starts or ends inside a token, most often an Arabic name after a proclitic
(و+بغداد), follows ``clitics``. With "keep" (the default, as ANERcorp and
Wojood have it) the entity takes the whole token; with "split" the token is
cut at the span's bounds and the parts outside it become tokens of their
own. With "keep", a second span inside a token that the first already
carries cannot be laid on any token: it is left out, and the number of spans
left out is ``doc.user_data["alama_misaligned"]``. Alama's spans never
overlap, so none is dropped for an overlap.

Importing this module registers the factory; spaCy also finds it through
the package's ``spacy_factories`` entry point, without an import.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from alama import Span, Tagger

__all__ = ["AlamaComponent", "make_alama", "align"]

#: The key of ``doc.user_data`` that counts the spans left out.
MISALIGNED = "alama_misaligned"

CLITICS = ("keep", "split")


@Language.factory(
    "alama",
    default_config={
        "project": None,
        "lexicons": [],
        "default_lexicon": True,
        "clitics": "keep",
    },
)
def make_alama(
    nlp: Language,
    name: str,
    project: str | None,
    lexicons: list[str],
    default_lexicon: bool,
    clitics: str,
) -> AlamaComponent:
    """Makes the component from its config (see ``AlamaComponent``)."""
    return AlamaComponent(
        Tagger(project=project, lexicons=lexicons, default_lexicon=default_lexicon),
        clitics=clitics,
    )


class AlamaComponent:
    """Sets each document's entities to Alama's spans.

    The component replaces ``doc.ents``; each entity carries Alama's type as
    its label and the lexicon id, when there is one, as its ``kb_id_``.
    """

    def __init__(self, tagger: Tagger, clitics: str = "keep") -> None:
        if clitics not in CLITICS:
            raise ValueError(f"clitics must be 'keep' or 'split', not {clitics!r}")
        self.tagger = tagger
        self.clitics = clitics

    def __call__(self, doc: Doc) -> Doc:
        return self._set(doc, self.tagger.tag(doc.text))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Tags the documents a batch at a time, each batch on all cores."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._set_many(batch)
                batch = []
        yield from self._set_many(batch)

    def _set_many(self, docs: list[Doc]) -> Iterator[Doc]:
        spans = self.tagger.tag_many([doc.text for doc in docs]) if docs else []
        for doc, found in zip(docs, spans):
            yield self._set(doc, found)

    def _set(self, doc: Doc, spans: Sequence[Span]) -> Doc:
        ents, misaligned = align(doc, spans, self.clitics)
        doc.ents = ents
        doc.user_data[MISALIGNED] = misaligned
        return doc


def align(doc: Doc, spans: Sequence[Span], clitics: str = "keep") -> tuple[list[SpacySpan], int]:
    """Lays ``spans`` (sorted, not overlapping) on the tokens of ``doc``.

    Returns the entities and how many spans were left out. With "split" the
    tokens a span starts or ends inside of are cut first (``doc`` is
    retokenized), so that every span falls on token bounds.
    """
    if clitics == "split":
        _split_tokens(doc, spans)
    elif clitics != "keep":
        raise ValueError(f"clitics must be 'keep' or 'split', not {clitics!r}")
    # Each token goes to the first span that overlaps it, as alama export
    # does with --clitics keep; a span keeps the tokens it was given.
    owned: list[list[int]] = [[] for _ in spans]
    first = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        while first < len(spans) and spans[first].end <= start:
            first += 1
        i = first
        while i < len(spans) and spans[i].start < end:
            if spans[i].end > start:
                owned[i].append(token.i)
                break
            i += 1
    ents = []
    for span, tokens in zip(spans, owned):
        if tokens:
            ents.append(
                SpacySpan(doc, tokens[0], tokens[-1] + 1, label=span.label, kb_id=span.entity or "")
            )
    return ents, len(spans) - len(ents)


def _split_tokens(doc: Doc, spans: Sequence[Span]) -> None:
    """Cuts every token of ``doc`` that a span starts or ends inside of."""
    bounds = sorted({b for span in spans for b in (span.start, span.end)})
    cuts: list[tuple[int, list[int]]] = []
    at = 0
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        while at < len(bounds) and bounds[at] <= start:
            at += 1
        inside = []
        j = at
        while j < len(bounds) and bounds[j] < end:
            inside.append(bounds[j])
            j += 1
        if inside:
            cuts.append((token.i, inside))
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, inside in cuts:
            token = doc[i]
            edges = [token.idx, *inside, token.idx + len(token.text)]
            orths = [doc.text[a:b] for a, b in zip(edges, edges[1:])]
            # Each piece hangs from the first: a blank pipeline has no parse.
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
