"""The transcript model and its edit operations. Pure Python: nothing here imports Qt."""
