"""The lesson files: one source in the package, both languages saying the same, every claim
tied to a test that exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gdstudio.core.training.lessons import LESSON_LANGUAGES, lessons_file, load_lessons
from gdstudio.core.training.presets import PRESETS

ROOT = Path(__file__).resolve().parents[2]


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d[\d,.]*\d|\d", text))


def claim_table() -> list[tuple[str, str]]:
    text = lessons_file("en").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (.+?) \| (test_\w+\.py::\w+) \|$", text, flags=re.M)
    return rows


def test_every_claim_names_a_test_that_exists() -> None:
    rows = claim_table()
    assert len(rows) >= 20
    for claim, test in rows:
        module, _, name = test.partition("::")
        source = (Path(__file__).parent / module).read_text(encoding="utf-8")
        tests = {n.name for n in ast.walk(ast.parse(source)) if isinstance(n, ast.FunctionDef)}
        assert name in tests, f"{claim}: {test} does not exist"


def test_both_languages_quote_the_same_numbers() -> None:
    english = lessons_file("en").read_text(encoding="utf-8").split("<!--\nClaim")[0]
    chinese = lessons_file("zh_CN").read_text(encoding="utf-8").split("<!--\n声明")[0]
    assert numbers(chinese) == numbers(english)


def test_both_languages_have_the_same_lessons_and_setups() -> None:
    _, english = load_lessons("en")
    _, chinese = load_lessons("zh_CN")
    assert [lesson.setup for lesson in chinese] == [lesson.setup for lesson in english]
    assert [len(c.questions) for c in chinese] == [len(e.questions) for e in english]
    assert all(lesson.questions for lesson in english)  # each ends with questions
    for lesson in english:
        assert lesson.setup.preset in PRESETS


@pytest.mark.parametrize("language", LESSON_LANGUAGES)
def test_docs_point_to_the_packaged_lessons(language: str) -> None:
    name = "lessons.md" if language == "en" else f"lessons.{language}.md"
    docs = (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert f"resources/lessons/{lessons_file(language).name}" in docs
    assert len(docs) < 1000  # a pointer, not a second copy that could drift


def test_the_lessons_are_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'"gdstudio.resources" = \[[^\]]*"lessons/\*\.md"', pyproject)
