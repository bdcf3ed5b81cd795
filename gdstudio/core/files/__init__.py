"""Files: checkpoints, sessions, autosave, atomic writes, checks on untrusted input, paths."""
