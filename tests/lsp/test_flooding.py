"""Not flooding: what a problems panel (VS Code's Problems, Neovim's
quickfix of diagnostics) lists for a 200-document corpus opened whole.
Editors leave hints out of those lists; suggestions are hints by default,
so the lists keep the checks' findings."""

import shutil

import pytest

from lsprotocol.types import DiagnosticSeverity

from support import SEEDS, tag

DOCUMENTS = 200


@pytest.fixture
def big_corpus(tmp_path):
    """200 documents: the seeds, each copied 40 times under a numbered name."""
    root = (tmp_path / "big").resolve()
    root.mkdir()
    shutil.copytree(SEEDS / ".alama", root / ".alama")
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(DOCUMENTS):
        seed = seeds[i % len(seeds)]
        shutil.copy(seed, root / f"{i:03d}_{seed.name}")
    return root


async def listed(start, root, settings):
    """The diagnostics a problems panel lists (severity Information or
    above) once every document is open, and all diagnostics."""
    server = await start(root=root, init_options=settings)
    docs = [server.open(p.name) for p in sorted(root.glob("*.txt"))]
    listed_count = total = 0
    for doc in docs:
        diagnostics = await server.diagnostics(doc, timeout=60)
        total += len(diagnostics)
        listed_count += sum(d.severity <= DiagnosticSeverity.Information for d in diagnostics)
    return listed_count, total


async def test_suggestions_stay_out_of_the_problems_panel_by_default(start, big_corpus):
    suggestions = sum(len(spans) for spans in tag(big_corpus).values())
    assert suggestions > 10_000
    # The defaults: nothing listed, every suggestion still published.
    assert await listed(start, big_corpus, None) == (0, suggestions)
    # As information, as before: one row per suggestion.
    assert await listed(start, big_corpus, {"suggestionSeverity": "information"}) == (
        suggestions,
        suggestions,
    )
