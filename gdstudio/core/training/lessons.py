"""The lessons for a class, read from the Markdown files shipped in resources/lessons/.

One file per language (``lessons.en.md``, ``lessons.zh_CN.md``) is the single source: the app
shows it (Help > Lessons) and docs/lessons*.md point to it. A lesson is a ``## `` section.
Inside it, an HTML comment ``<!-- setup: key=value ... -->`` says what "Set this up" does
(see `LessonSetup`), and after ``<!-- questions -->`` the paragraphs alternate question,
answer. Other HTML comments (e.g. the claim -> test table) are for the sources only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path

from gdstudio.core.files.resources import resources_dir

__all__ = ["LESSON_LANGUAGES", "Lesson", "LessonSetup", "lessons_file", "load_lessons"]

LESSON_LANGUAGES = ("en", "zh_CN")
_SETUP = re.compile(r"<!--\s*setup:(.*?)-->", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_QUESTIONS = "<!-- questions -->"
#: a line break between two Chinese characters (or full-width punctuation): Markdown would
#: show it as a space, which Chinese text does not have
_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")


@dataclass(frozen=True)
class LessonSetup:
    """The app's state a lesson starts from; `view` is a `MainWindow.show_view` name and
    `pace` training steps a second (0: as fast as possible)."""

    dataset: str = "embedded"
    preset: str = "tutorial"
    lr: float = 1.0
    seed: int = 0
    epochs: int = 5
    batch_size: int = 100
    view: str = "training"
    pace: float = 0.0

    @classmethod
    def parse(cls, text: str) -> LessonSetup:
        """From ``key=value`` words; ValueError for an unknown key or a bad value."""
        types = {f.name: f.type for f in fields(cls)}
        values: dict[str, object] = {}
        for word in text.split():
            key, _, value = word.partition("=")
            if key not in types:
                raise ValueError(f"unknown lesson setup key {key!r} in {text!r}")
            kind = {"float": float, "int": int}.get(str(types[key]), str)
            values[key] = kind(value)
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Lesson:
    title: str
    body: str  # Markdown, without the title, the comments and the questions
    setup: LessonSetup
    questions: list[tuple[str, str]] = field(default_factory=list)  # (question, answer)


def lessons_file(language: str) -> Path:
    """The lesson file of `language` (English for a language without lessons)."""
    code = language if language in LESSON_LANGUAGES else "en"
    return resources_dir() / "lessons" / f"lessons.{code}.md"


def load_lessons(language: str) -> tuple[str, list[Lesson]]:
    """The introduction (Markdown) and the lessons of `language`."""
    text = lessons_file(language).read_text(encoding="utf-8")
    intro, *sections = re.split(r"^## ", text, flags=re.M)
    return _clean(intro), [_lesson(section) for section in sections]


def _lesson(section: str) -> Lesson:
    title, _, rest = section.partition("\n")
    found = _SETUP.search(rest)
    setup = LessonSetup.parse(found.group(1)) if found else LessonSetup()
    body, _, asked = rest.partition(_QUESTIONS)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", _clean(asked)) if p.strip()]
    if len(paragraphs) % 2:
        raise ValueError(f"lesson {title.strip()!r}: a question without an answer")
    pairs = list(zip(paragraphs[::2], paragraphs[1::2], strict=True))
    return Lesson(title.strip(), _clean(body), setup, pairs)


def _clean(markdown: str) -> str:
    return _CJK_BREAK.sub("", _COMMENT.sub("", markdown)).strip()
