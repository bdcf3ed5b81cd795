"""The files shipped with GD Studio (data, icons, lessons, translations).

Installed, this folder is the package ``gdstudio.resources``; the ``__init__`` makes it a
regular package, so that `importlib.resources` hands out real paths for Qt to open.
"""
