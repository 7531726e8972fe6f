"""The Chinese catalogue is complete: every string the code marks is in the .ts, translated, with its
placeholders intact; and the sentences from below the UI (validation, sync) come out in Chinese."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication

from core.messages import UserMessage
from desktop.services.errors import InvalidInput, Problems
from desktop.sync.errors import MESSAGES, SyncError
from desktop.ui.forms import render

ROOT = Path(__file__).resolve().parents[2]
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    """scripts/translations.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location(
        "translations_tool", ROOT / "scripts" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_message_is_left_unfinished(tool):
    unfinished = [
        f"[{context}] {source}"
        for (context, source), (_, finished) in tool.messages(tool.TS).items()
        if not finished
    ]
    assert unfinished == [], "untranslated; translate them in the .ts:\n" + "\n".join(unfinished)


def test_lupdate_finds_nothing_missing_from_the_ts(tool, tmp_path):
    fresh = tmp_path / "fresh.ts"
    tool.update(fresh, quiet=True)
    found = set(tool.messages(fresh))
    committed = set(tool.messages(tool.TS))
    missing = sorted(found - committed)
    stale = sorted(committed - found)
    assert missing == [], f"strings not in the .ts (run scripts/translations.py update): {missing}"
    assert stale == [], (
        f"strings the code no longer has (run scripts/translations.py update): {stale}"
    )
    # The Qt-free layers' sentences are collected too, under their own contexts.
    contexts = {context for context, _ in found}
    assert {"Validation", "Sync", "Startup"} <= contexts


def test_translations_keep_their_placeholders(tool):
    broken = [
        f"[{context}] {source} -> {translation}"
        for (context, source), (translation, _) in tool.messages(tool.TS).items()
        if sorted(_PLACEHOLDER.findall(source)) != sorted(_PLACEHOLDER.findall(translation))
    ]
    assert broken == []


def test_every_marked_sentence_names_a_literal_context(tool):
    """lupdate skips QT_TRANSLATE_NOOP(NAME, ...) with a variable context: such a sentence would
    silently stay English."""
    for rel in tool.sources():
        text = (ROOT / rel).read_text(encoding="utf-8")
        calls = re.findall(r"QT_TRANSLATE_NOOP\(\s*([^\s,)]+)", text)
        assert all(first.startswith('"') for first in calls), rel


def test_validation_and_sync_sentences_come_out_in_chinese(chinese):
    problems = Problems()
    problems.add("ends_at", "The session must end after it starts.")
    with pytest.raises(InvalidInput) as caught:
        problems.raise_if_any()
    assert render(caught.value.by_field()["ends_at"]) == "结束时间必须晚于开始时间。"
    for kind in MESSAGES:
        english = SyncError(kind, "x").message.render()
        chinese_text = render(SyncError(kind, "x").message)
        assert chinese_text != english, kind
        assert re.search(r"[\u4e00-\u9fff]", chinese_text), kind


def test_english_is_the_source_language():
    message = UserMessage("Validation", "At most {limit} characters, please.", limit=5)
    assert message.render(QCoreApplication.translate) == "At most 5 characters, please."


def test_the_catalogue_is_compiled_on_first_run_without_a_release_build(tmp_path):
    from desktop.ui import i18n

    cache, none_built = tmp_path / "cache", tmp_path / "no-release-build"
    first = i18n.find_catalog("zh_CN", cache_dir=cache, released_dir=none_built)
    assert first == tmp_path / "cache" / "translations" / "learning_desk_zh_CN.qm"
    assert first.exists()
    stamp = first.stat().st_mtime_ns
    assert i18n.find_catalog("zh_CN", cache_dir=cache, released_dir=none_built) == first  # reused
    assert first.stat().st_mtime_ns == stamp
    assert i18n.find_catalog("en", cache_dir=cache) is None
