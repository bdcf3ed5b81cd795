"""The headless commands of `gdstudio` (`gdstudio.cli` is the entry point).

Each module adds its commands' parsers (`add_*(commands)`) and sets the function that runs
them as the parser's `run` default; `options` holds what the commands share.
"""
