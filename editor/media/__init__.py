"""Media playback logic tied to the transcript (pure Python, no Qt): time lookup, transport, attachment."""
