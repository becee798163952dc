import pathlib
import shutil

import pytest
import pytest_asyncio

from support import SEEDS, Session


@pytest.fixture
def corpus(tmp_path: pathlib.Path) -> pathlib.Path:
    """A workspace folder holding a copy of the seed articles."""
    root = (tmp_path / "corpus").resolve()
    root.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, root / seed.name)
    return root


@pytest_asyncio.fixture
async def start(corpus):
    """Starts servers on `corpus` (keyword arguments of `Session.start`).
    After the test, every one must still be running and exit with status 0
    on shutdown and exit."""
    sessions: list[Session] = []

    async def start(**kwargs) -> Session:
        session = await Session.start(kwargs.pop("root", corpus), **kwargs)
        sessions.append(session)
        return session

    yield start
    crashed = []
    for session in sessions:
        if session.stopped:
            continue
        if session.process.returncode is not None:
            crashed.append(session.process.returncode)
            await session.stop()
            continue
        # Exit promptly: the server finishes indexing before it exits.
        await session.indexed()
        status = await session.stop()
        if status != 0:
            crashed.append(status)
    assert crashed == [], "the server died or did not exit cleanly"


@pytest_asyncio.fixture
async def server(start) -> Session:
    """A server on the seed corpus, for a minimal client preferring UTF-16."""
    return await start()
