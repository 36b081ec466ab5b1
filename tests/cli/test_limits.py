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
    assert "too long to check in one go: 2,000 words; the limit is 1,000 words" in err
    assert "unexpected" not in err
