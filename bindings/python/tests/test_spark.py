"""Alama under Apache Spark in local mode, both ways README's "Spark" shows.

The seed articles, each copied COPIES times under its own id, make a
DataFrame of PARTITIONS partitions on `local[2]`. It is tagged twice: by the
Python package inside `mapInPandas` (one `Tagger` for each partition,
`tag_many` on each Arrow batch), and by `alama tag --stdin-jsonl` through
`RDD.pipe` (one process for each partition). Every record must get exactly
the spans that `alama tag --format jsonl` gives its seed file tagged alone.

Needs pyspark (requirements-spark.txt, Python 3.11 or newer) and Java 17 or
newer; without either the tests are skipped and say why (run.sh installs
both when it can), but under CI they fail.
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, run_alama

# Under CI (the CI variable set, as .ci/run sets it) a missing pyspark or
# Java fails the run instead of skipping the test, so that CI cannot pass
# without having run Spark.
IN_CI = bool(os.environ.get("CI"))
NO_PYSPARK = (
    "pyspark is not installed (bindings/python/tests/requirements-spark.txt, "
    "which needs Python 3.11 or newer)"
)
try:
    import pyspark  # noqa: F401
except ImportError:
    if IN_CI:
        pytest.fail(f"CI is set and {NO_PYSPARK}", pytrace=False)
    pytest.skip(NO_PYSPARK, allow_module_level=True)

COPIES = 20
PARTITIONS = 4
# The fields of a span that the Python package's Span has (all but candidates).
SPAN_FIELDS = ("start", "end", "type", "text", "status", "source", "entity")
SPANS_SCHEMA = (
    "id string, spans array<struct<start: int, end: int, type: string, text: string, "
    "status: string, source: string, entity: string>>"
)
QUIET_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
"""


def why_no_java() -> str | None:
    """Why Spark cannot start here (no Java 17 or newer), or None."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if java_home and not Path(java).is_file():
        return f"Spark needs Java 17 or newer and JAVA_HOME={java_home} has no bin/java"
    if not java:
        return (
            "Spark needs Java 17 or newer and there is no java on PATH "
            "(apt-get install openjdk-17-jre-headless; run.sh does so when it runs as root)"
        )
    done = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if found is None:
        return f"Spark needs Java 17 or newer and `{java} -version` does not say its version"
    major = int(found.group(1))
    if major == 1 and found.group(2):  # "1.8.0_…" is Java 8
        major = int(found.group(2))
    if major < 17:
        return f"Spark needs Java 17 or newer and {java} is Java {major}"
    return None


NO_JAVA = why_no_java()
if NO_JAVA is not None and IN_CI:
    pytest.fail(f"CI is set and {NO_JAVA}", pytrace=False)
pytestmark = pytest.mark.skipif(NO_JAVA is not None, reason=NO_JAVA or "")


def seed_of(record_id: str) -> str:
    return record_id.rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    """A light local Spark: two threads, no UI, errors only in the log."""
    tmp = tmp_path_factory.mktemp("spark")
    log4j = tmp / "log4j2.properties"
    log4j.write_text(QUIET_LOG4J, encoding="utf-8")
    # The Python workers run this interpreter, whose venv has alama, pandas
    # and pyarrow. PySpark reads PYSPARK_PYTHON when the session starts;
    # spark.pyspark.python would only apply to a job that spark-submit runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        session = start_spark(tmp, log4j)
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


def start_spark(tmp: Path, log4j: Path):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .appName("alama-test")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.local.dir", str(tmp / "local"))
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile=file:{log4j}")
        # Several Arrow batches per partition, so that a partition's Tagger
        # tags more than one batch.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "8")
        .getOrCreate()
    )


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    """The seed articles' texts by file stem."""
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="module")
def expected(alama_bin, seeds) -> dict[str, list[dict]]:
    """Each seed's spans from `alama tag --format jsonl`, its file tagged alone."""
    spans = {}
    for stem in seeds:
        path = SEEDS / f"{stem}.txt"
        [line] = run_alama(alama_bin, "tag", "--format", "jsonl", str(path)).splitlines()
        document = json.loads(line)
        assert document["spans"], f"{path.name} has entities"
        spans[stem] = document["spans"]
    return spans


@pytest.fixture(scope="module")
def articles(spark, seeds):
    """The seeds, COPIES of each with ids "<stem>/<copy>", in PARTITIONS partitions."""
    rows = [(f"{stem}/{copy:02d}", text) for copy in range(COPIES) for stem, text in seeds.items()]
    frame = spark.createDataFrame(rows, "id string, text string").repartition(PARTITIONS).cache()
    assert frame.rdd.getNumPartitions() == PARTITIONS
    assert frame.count() == COPIES * len(seeds)
    return frame


def all_ids(seeds: dict[str, str]) -> list[str]:
    return sorted(f"{stem}/{copy:02d}" for copy in range(COPIES) for stem in seeds)


def test_python_package_in_map_in_pandas(articles, seeds, expected):
    project = str(SEEDS)

    # Runs in Spark's Python workers (cloudpickle sends it by value): one
    # Tagger for each partition, reused for each of its Arrow batches.
    def tag_batches(batches):
        import pandas as pd

        import alama

        tagger = alama.Tagger(project=project)
        for batch in batches:
            spans = tagger.tag_many(batch["text"].tolist())
            yield pd.DataFrame(
                {
                    "id": batch["id"],
                    "spans": [
                        [
                            {
                                "start": s.start,
                                "end": s.end,
                                "type": s.label,
                                "text": s.text,
                                "status": s.status,
                                "source": s.source,
                                "entity": s.entity,
                            }
                            for s in document
                        ]
                        for document in spans
                    ],
                }
            )

    rows = articles.mapInPandas(tag_batches, SPANS_SCHEMA).collect()
    assert sorted(row["id"] for row in rows) == all_ids(seeds)
    for row in rows:
        got = [span.asDict() for span in row["spans"]]
        want = [{k: span[k] for k in SPAN_FIELDS} for span in expected[seed_of(row["id"])]]
        assert got == want, row["id"]


def test_stdin_jsonl_through_rdd_pipe(articles, seeds, expected, alama_bin):
    from pyspark.sql.functions import struct, to_json

    records = articles.select(to_json(struct("id", "text"))).rdd.map(lambda row: row[0])
    # RDD.pipe starts the command with an empty environment (no PATH), so
    # the binary is named by its path.
    command = shlex.join([alama_bin, "tag", "--stdin-jsonl", "--project", str(SEEDS)])
    answers = records.pipe(command, checkCode=True)
    # zip pairs the i-th line of a partition with the i-th answer of the
    # process that read it, and fails unless each process wrote exactly as
    # many lines as it read.
    pairs = records.zip(answers).collect()
    assert sorted(json.loads(record)["id"] for record, _ in pairs) == all_ids(seeds)
    for record, answer in pairs:
        record, answer = json.loads(record), json.loads(answer)
        assert answer["id"] == record["id"], "the answers come in input order"
        # Every field --format jsonl writes, candidates included.
        assert answer["spans"] == expected[seed_of(record["id"])], record["id"]
