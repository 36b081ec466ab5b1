"""Size limits are stated and refused clearly, before the work (and the memory) starts."""

from __future__ import annotations

from editor.cli import main
from editor.commands import check


def test_check_refuses_a_transcript_past_its_word_limit(tmp_path, capsys, monkeypatch):
    talk = tmp_path / "long.txt"
    talk.write_text("word " * 2000 + "\n", encoding="utf-8")
    monkeypatch.setattr(check, "CHECK_WORD_LIMIT", 1000)
    assert main(["check", str(talk)]) == 1
    err = capsys.readouterr().err
    assert "too long to check in one go: more than 1,000 words; the limit is 1,000 words" in err
    assert "unexpected" not in err


def test_check_stops_reading_a_transcript_as_soon_as_it_is_past_the_word_limit(tmp_path, capsys, monkeypatch):
    from editor.formats import build, load_transcript

    talk = tmp_path / "long.txt"
    talk.write_text("".join(f"Line {i} has five words.\n\n" for i in range(20_000)), encoding="utf-8")
    read_to: list[int] = []  # the import reports how far it has read every 4,096 paragraphs
    monkeypatch.setattr(build, "report", lambda stage, done, total: read_to.append(done))
    monkeypatch.setattr(check, "CHECK_WORD_LIMIT", 5_000)
    assert main(["check", str(talk)]) == 1
    assert "more than 5,000 words; the limit is 5,000 words" in capsys.readouterr().err
    assert len(read_to) == 1  # stopped before its 4,096th paragraph (of 20,000): about 1,000 were read
    read_to.clear()
    with build.word_limit(200_000, "too long"):  # under a limit, all of it is read
        assert len(load_transcript(talk)) == 20_000
    assert len(read_to) == 5  # (the reports the first half counts are made)


def test_check_refuses_a_file_past_its_size_limit_without_reading_it(tmp_path, capsys, monkeypatch):
    talk = tmp_path / "big.txt"
    talk.write_text("Some words here.\n" * 200, encoding="utf-8")
    monkeypatch.setattr(check, "CHECK_MAX_BYTES", 1000)

    def never(*args, **kwargs):
        raise AssertionError("read a file the size refuses")

    monkeypatch.setattr(check, "load_input", never)
    assert main(["check", str(talk)]) == 1
    err = capsys.readouterr().err
    assert "big.txt: too large to check in one go: 3,400 bytes; check takes transcript files up to 1,000 bytes" in err
    assert "unexpected" not in err


def test_a_project_is_not_refused_by_its_size_on_disk(tmp_path, capsys, monkeypatch):
    talk = _talk(tmp_path, 20)
    project = tmp_path / "talk.tproj"
    assert main(["import", str(talk), "-o", str(project)]) == 0
    monkeypatch.setattr(check, "CHECK_MAX_BYTES", 1000)  # the project file is larger: its words are counted
    assert main(["check", str(project)]) == 0
    assert "prodduct" in capsys.readouterr().out


def test_forgetting_the_per_text_memos_between_parts_changes_nothing_found(tmp_path):
    from editor.formats import load_transcript
    from editor.review import tokens
    from editor.review.detector import forget_texts

    transcript = load_transcript(_talk(tmp_path, 40))
    detector = check.build_detector(tmp_path / "talk.txt", None)
    first = detector.check(transcript)
    assert tokens._by_text
    forget_texts()
    assert not tokens._by_text
    assert detector.check(transcript) == first


def _talk(tmp_path, lines: int):
    import random

    rng = random.Random(4)
    words = "the quarter revenue grew and we thank our customers for the strong margin this year".split()
    talk = tmp_path / "talk.txt"
    talk.write_text("\n".join(" ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
                              for _ in range(lines)) + "\nWe shipped the prodduct to custommers.\n", encoding="utf-8")
    return talk


def test_check_json_streamed_equals_the_report_object(tmp_path, capsys):
    import json

    from editor.formats import load_transcript

    talk = _talk(tmp_path, 40)
    assert main(["check", "--json", str(talk)]) == 0
    out = capsys.readouterr().out
    transcript = load_transcript(talk)
    suspects = check.build_detector(talk, None).check(transcript)
    assert suspects  # (the misspellings at the end)
    assert out == json.dumps(check.report_json(transcript, suspects), ensure_ascii=False) + "\n"


def test_a_long_transcript_is_checked_in_parts_that_point_into_the_whole(tmp_path, capsys, monkeypatch):
    import json

    talk = _talk(tmp_path, 300)
    monkeypatch.setattr(check, "CHECK_PART_WORDS", 500)
    assert main(["check", "--json", str(talk)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["segments"]) == 301
    last = [s for s in report["suspects"] if s["segment"] == 300]
    assert "prodduct" in {s["text"] for s in last}  # found in the last part, indexed in the whole
    for s in report["suspects"]:
        assert report["segments"][s["segment"]]["text"][s["start"] : s["end"]] == s["text"]
    assert main(["check", str(talk)]) == 0
    text = capsys.readouterr().out
    assert "¶301  'prodduct'" in text and text.endswith(f"{len(report['suspects'])} suspect(s)\n")


def test_check_progress_goes_to_a_terminal_stderr_only(tmp_path, capsys, monkeypatch):
    import io

    from editor.commands.progress import StderrProgress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty = Terminal()
    bar = StderrProgress("checking talk.txt", 200, tty, min_interval=0)
    bar.update(50, "(part 1 of 4)")
    bar.done()
    assert "checking talk.txt:  25% (part 1 of 4)" in tty.getvalue()
    pipe = io.StringIO()
    StderrProgress("checking", 10, pipe, min_interval=0).update(5)
    assert pipe.getvalue() == ""
    talk = _talk(tmp_path, 300)
    monkeypatch.setattr(check, "CHECK_PART_WORDS", 500)
    assert main(["check", "--json", str(talk)]) == 0
    captured = capsys.readouterr()
    assert "checking" not in captured.err and captured.out.startswith('{"segments": [')


def test_import_shows_each_stage_on_a_terminal_and_nothing_in_a_pipe(tmp_path, capsys, monkeypatch):
    import io
    import sys

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    talk = tmp_path / "talk.txt"
    talk.write_text("".join(f"Line {i} of the talk.\n" for i in range(9000)), encoding="utf-8")
    assert main(["import", str(talk), "-o", str(tmp_path / "piped.tproj")]) == 0
    assert "reading" not in capsys.readouterr().err  # (pytest's stderr is no terminal)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["import", str(talk), "-o", str(tmp_path / "shown.tproj")]) == 0
    shown = terminal.getvalue()
    assert "reading talk.txt:" in shown and "saving talk.txt:" in shown and "%" in shown
