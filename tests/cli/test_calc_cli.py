import json
import os
import stat
from pathlib import Path

import pytest

from sikt.calc import example_case_paths
from sikt.cli import main

EXAMPLE = next(p for p in example_case_paths() if p.stem == "placeringar-unga")


def test_run_writes_json_xlsx_and_html(tmp_path, capsys):
    outs = [tmp_path / "r.json", tmp_path / "r.xlsx", tmp_path / "r.html"]
    args = ["calc", "run", str(EXAMPLE), "--draws", "300", "--seed", "2"]
    for out in outs:
        args += ["--out", str(out)]
    assert main(args) == 0
    payload = json.loads(outs[0].read_text("utf-8"))
    assert payload["monte_carlo"]["draws"] == 300
    assert {p["key"] for p in payload["result"]["perspectives"]} >= {"organisation", "society"}
    assert outs[1].read_bytes()[:2] == b"PK"
    assert "<caption>" in outs[2].read_text("utf-8")
    assert "Hela organisationen" in capsys.readouterr().out


def test_bad_case_fails_with_one_clear_line_and_no_output(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EXAMPLE.read_text("utf-8").replace("bearer: socialnamnden", "bearer: fritid", 1), "utf-8"
    )
    out = tmp_path / "r.json"
    assert main(["calc", "run", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "okänd kostnadsbärare 'fritid'" in err and "unknown cost bearer" in err
    assert list(tmp_path.iterdir()) == [bad]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "r.pdf"], "unknown output format"),
        (["--draws", "1"], "--draws"),
        (["--draws", "-5"], "--draws"),
        (["--draws", "1000001"], "1\u00a0000\u00a0000"),
        (["--perspective", "nobody"], "unknown perspective"),
    ],
)
def test_argument_errors(tmp_path, capsys, args, message):
    assert main(["calc", "run", str(EXAMPLE), *args]) == 2
    assert message in capsys.readouterr().err
    assert not Path("r.pdf").exists()


def test_validate_and_examples(capsys):
    assert main(["calc", "validate", str(EXAMPLE)]) == 0
    assert main(["calc", "examples"]) == 0
    assert "placeringar-unga.yaml" in capsys.readouterr().out


def test_output_files_get_the_same_mode_as_a_plain_write(tmp_path):
    out = tmp_path / "result.json"
    assert main(["calc", "run", str(EXAMPLE), "--draws", "100", "--out", str(out)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_draws_limit_is_the_engines():
    from sikt.calc.montecarlo import MAX_DRAWS
    from sikt.cli.calc import MAX_DRAWS as CLI_MAX_DRAWS

    assert CLI_MAX_DRAWS == MAX_DRAWS


def test_a_run_imports_neither_scipy_nor_the_exporters_it_does_not_need(tmp_path):
    # Fast start (issue 8 item 12): scipy costs seconds to import; openpyxl and jinja2 only
    # when an .xlsx or .html output is asked for. A fresh interpreter, so nothing is preloaded.
    import subprocess
    import sys

    args = ["calc", "run", str(EXAMPLE), "--draws", "200", "--out", str(tmp_path / "r.json")]
    heavy = {"scipy", "openpyxl", "jinja2", "django"}
    code = (
        "import sys\n"
        "from sikt.cli import main\n"
        f"main({args!r})\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {heavy!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("draws", ["0", "2", "1000"])
def test_json_output_is_strict_json_for_every_example(tmp_path, draws):
    def refuse(constant):
        raise ValueError(constant)

    for example in example_case_paths():
        out = tmp_path / f"{example.stem}.json"
        assert main(["calc", "run", str(example), "--draws", draws, "--out", str(out)]) == 0
        payload = json.loads(out.read_text("utf-8"), parse_constant=refuse)
        assert (payload["monte_carlo"] is None) == (draws == "0")
