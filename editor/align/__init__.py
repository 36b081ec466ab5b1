"""Giving an untimed (or heavily edited) transcript times by aligning its text to the recording, offline.

Pure Python, no Qt: `audio` decodes any common audio or video file to 16 kHz mono; `lexicon` turns
transcript tokens into words the acoustic model knows how to say; `aligner` places them in the audio in
windows; `timings` turns the result into one undoable core edit.
"""
