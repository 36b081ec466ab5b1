"""Builds the tables the package ships (model_cache.PREBUILT_DIR), so the first check after install builds nothing.

Run when the wheel is built (setup.py's `build_tables` step) and, for an editable install, in place in the source
tree: `python -m editor.review.prebuilt FOLDER`. The tables are made by the same code, under the same names and
versions, as the per-user cache a process falls back to (model_cache.cached_table), so a shipped table is used
exactly when the installed wordfreq, pocketsphinx, jellyfish and better-profanity are the versions it was built
from; otherwise the process builds its own into the user cache as before.

The tables are derived data: word frequencies from wordfreq (data CC BY-SA 4.0) and pronunciations from the CMU
Pronouncing Dictionary and the CMUSphinx English model in pocketsphinx (BSD-style licence). NOTICE_TEXT below is
written beside them with the attribution both licences ask for.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

NOTICE_TEXT = """\
The *.table, *.marshal and *.bin files in this folder are derived data, built from other packages when
transcript-editor was built (editor/review/prebuilt.py):

- zipf-en, suggestions-en-*, sound-rank and the sound-alike tables use word frequencies from wordfreq
  (https://github.com/rspeer/wordfreq) by Robyn Speer. wordfreq's data is licensed under the Creative Commons
  Attribution-ShareAlike 4.0 licence (https://creativecommons.org/licenses/by-sa/4.0/); these derived tables are
  shared under the same licence. wordfreq's data comes from Google Books Ngrams (http://books.google.com/ngrams),
  the Leeds Internet Corpus, Wikipedia, ParaCrawl, OPUS OpenSubtitles 2018 (http://www.opensubtitles.org/),
  SUBTLEX (Marc Brysbaert et al., freely available data: http://crr.ugent.be/programs-data/subtitle-frequencies)
  and Twitter word statistics.

- cmu-pronunciations, merge-words and the sound-* tables use the CMU Pronouncing Dictionary and the US English language model,
  and lm-arrays.bin is that language model's n-grams and weights laid out as arrays (sound-alikes.bin: the
  sound-alike tables by its word ids), as shipped by pocketsphinx
  (https://github.com/cmusphinx/pocketsphinx):
  Copyright (c) 1999-2016 Carnegie Mellon University. All rights reserved. Redistribution and use in source and
  binary forms, with or without modification, are permitted provided that the following conditions are met:
  1. Redistributions of source code must retain the above copyright notice, this list of conditions and the
  following disclaimer. 2. Redistributions in binary form must reproduce the above copyright notice, this list
  of conditions and the following disclaimer in the documentation and/or other materials provided with the
  distribution. THIS SOFTWARE IS PROVIDED BY CARNEGIE MELLON UNIVERSITY ``AS IS'' AND ANY EXPRESSED OR IMPLIED
  WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A
  PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL CARNEGIE MELLON UNIVERSITY NOR ITS EMPLOYEES BE LIABLE FOR
  ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES ARISING IN ANY WAY OUT OF THE
  USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

- The sound-alike tables leave out the words of better-profanity's word list (MIT licence).
"""


def build_tables(folder: Path) -> list[str]:
    """Build every table a check reads into `folder` (emptied first); returns the names of the files written."""
    from editor.review import context, lexicon, model_cache

    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    model_cache._build_dir = folder  # build here, and read neither shipped tables nor the user's cache
    try:
        if lexicon._frequencies() is None:
            raise RuntimeError("wordfreq's English list could not be turned into a table")
        lexicon.SUGGESTIONS.similar("tabel")  # builds both suggestion tables
        model = context.ContextModel.get()
        if model is None:
            raise RuntimeError("pocketsphinx's English model is not installed")
        model._rank  # noqa: B018 - reading it builds (and stores) the rank list
        model_cache.cached_table("sound-neighbours", model._packed_version, model._pack_neighbours)
        model.merge_filter()  # builds (and stores) the table of words that can be part of a merge
        if model.arrays is None:  # reading it builds (and stores) the language model's arrays
            raise RuntimeError("the language model could not be turned into arrays (is numpy installed?)")
        if model.alike_arrays() is None:  # ... and the sound-alikes by the model's word ids
            raise RuntimeError("the sound-alike arrays could not be built")
    finally:
        model_cache._build_dir = None
    (folder / "NOTICE.txt").write_text(NOTICE_TEXT, encoding="utf-8")
    return sorted(p.name for p in folder.iterdir())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m editor.review.prebuilt FOLDER", file=sys.stderr)
        return 2
    target = Path(argv[0])
    # built beside the target and moved into place, so a reader never sees half a folder
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tables-", dir=target.parent))
    try:
        names = build_tables(staging / "tables")
        if target.exists():
            shutil.rmtree(target)
        (staging / "tables").rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"built {len(names)} files in {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
