"""The project subcommands: import, history, version, diff, replace, export --version."""

from __future__ import annotations

import json

import pytest

from editor.cli import main
from editor.store.project import Project


@pytest.fixture
def talk(tmp_path, sample_path):
    source = tmp_path / "talk.txt"
    source.write_bytes(sample_path.read_bytes())
    return source


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_the_project_path_and_reuses_it(capsys, talk):
    code, out, err = run(capsys, "import", str(talk))
    assert code == 0 and out.strip() == str(talk.with_suffix(".tproj"))
    code, out, err = run(capsys, "import", str(talk))
    assert code == 0 and out.strip() == str(talk.with_suffix(".tproj")) and "already imported" in err


def test_import_to_a_chosen_path_refuses_to_overwrite(capsys, tmp_path, talk):
    target = tmp_path / "other.tproj"
    assert run(capsys, "import", str(talk), "-o", str(target))[1].strip() == str(target)
    code, out, err = run(capsys, "import", str(talk), "-o", str(target))
    assert code == 1 and err.startswith(f"error: {target}: ") and "already exists" in err


def test_import_of_a_missing_file(capsys, tmp_path):
    code, out, err = run(capsys, "import", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt: no such file" in err and out == ""


def test_replace_version_history_diff_export(capsys, tmp_path, talk):
    project = run(capsys, "import", str(talk))[1].strip()
    code, out, _ = run(capsys, "replace", project, "Twimble", "TWIML", "--whole-word")
    assert code == 0 and out.startswith("replaced ")
    count = int(out.split()[1])
    assert count == talk.read_text().count("Twimble")
    assert run(capsys, "version", project, "names fixed")[0] == 0
    code, out, err = run(capsys, "replace", project, "no-such-word-here", "x")
    assert code == 1 and "no match" in err

    code, out, _ = run(capsys, "history", project, "--json")
    data = json.loads(out)
    assert [(e["seq"], e["kind"]) for e in data["edits"]] == [(1, "do")]
    assert data["edits"][0]["label"].startswith("Replace all 'Twimble' with 'TWIML'")
    assert isinstance(data["edits"][0]["time"], float)
    assert [(v["name"], v["seq"]) for v in data["versions"]] == [("names fixed", 1)]

    code, out, _ = run(capsys, "history", project)
    assert code == 0 and "Replace all 'Twimble'" in out and "names fixed" in out

    code, out, _ = run(capsys, "diff", project, "original")
    assert code == 0
    assert out.count("[-Twimble-] {+TWIML+}") + out.count("[-Twimble's-]") >= 1
    assert f"{count} word(s) replaced" in out
    code, out, _ = run(capsys, "diff", project, "names fixed", "current")
    assert code == 0 and "no differences" in out
    code, out, err = run(capsys, "diff", project, "nope")
    assert code == 1 and "no version named 'nope'" in err

    code, out, _ = run(capsys, "export", project, "-f", "txt", "--version", "original")
    assert code == 0 and "Twimble" in out
    code, out, _ = run(capsys, "export", project, "-f", "txt")
    assert code == 0 and "Twimble " not in out and "TWIML" in out


def test_commands_on_a_garbage_project(capsys, tmp_path):
    bad = tmp_path / "bad.tproj"
    bad.write_text("not a project")
    for argv in (["history", str(bad)], ["version", str(bad), "v"], ["diff", str(bad), "original"],
                 ["replace", str(bad), "a", "b"]):
        code, out, err = run(capsys, *argv)
        assert code == 1 and err.startswith(f"error: {bad}: ") and "not an SQLite file" in err
    assert bad.read_text() == "not a project"


def test_version_of_a_project_in_use(capsys, tmp_path, talk):
    project_path = run(capsys, "import", str(talk))[1].strip()
    with Project.open(project_path):
        code, out, err = run(capsys, "version", project_path, "v1")
        assert code == 1 and "in use by" in err
        assert run(capsys, "history", project_path)[0] == 0  # reading needs no lock
