"""Keep the Chinese translation source in step with the code, and compile it.

    python scripts/translations.py update    # collect strings into resources/translations/*.ts
    python scripts/translations.py release   # compile the .ts into desktop/ui/translations/*.qm
    python scripts/translations.py check     # fail when a string is untranslated or not collected

``update`` runs Qt's ``lupdate`` over the UI, the composition root and every module below the UI that
marks sentences with ``QT_TRANSLATE_NOOP``; existing translations are kept, strings that left the code
are dropped. ``lupdate`` only understands a literal context, while the Qt-free modules name theirs with
a constant (``QT_TRANSLATE_NOOP(CTX, ...)``); so the sources are first copied into a staging folder with
each such constant replaced by its string, on the same line and column, and lupdate runs there. The
locations written into the .ts are therefore the real files' paths and lines.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "learning_desk_zh_CN.ts"
QM = ROOT / "desktop" / "ui" / "translations" / "learning_desk_zh_CN.qm"
MARKER = "QT_TRANSLATE_NOOP"


def qt_tool(name: str) -> str:
    """Path of a Qt tool shipped inside the PySide6 wheel (``lupdate``, ``lrelease``)."""
    exe = name + (".exe" if sys.platform == "win32" else "")
    bundled = Path(PySide6.__file__).parent / exe
    if bundled.exists():
        return str(bundled)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 into this environment")
    return found


def sources() -> list[Path]:
    """Every file whose strings belong in the catalogue, as paths relative to the repository."""
    files = set((ROOT / "desktop" / "ui").glob("*.py"))
    files.add(ROOT / "desktop" / "app.py")
    for path in (ROOT / "desktop").rglob("*.py"):
        if path.name != "messages.py" and MARKER in path.read_text(encoding="utf-8"):
            files.add(path)
    return sorted(p.relative_to(ROOT) for p in files)


def _string_constants(path: Path) -> dict[str, str]:
    """Module-level ``NAME = "text"`` assignments of a module, plus those it imports by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[node.targets[0].id] = node.value.value
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            other = ROOT / Path(*node.module.split(".")).with_suffix(".py")
            if other.exists() and other != path:
                names = _string_constants(other)
                for alias in node.names:
                    if alias.name in names:
                        found[alias.asname or alias.name] = names[alias.name]
    return found


def literal_contexts(path: Path) -> str:
    """The file's text with each ``QT_TRANSLATE_NOOP(NAME, ...)`` context replaced by its string.

    Replacements stay on the same line, so lupdate records the real line numbers.
    """
    text = path.read_text(encoding="utf-8")
    if MARKER not in text:
        return text
    constants = _string_constants(path)
    edits: list[tuple[int, int, int, str]] = []
    for node in ast.walk(ast.parse(text)):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        first = node.args[0]
        if name == MARKER and isinstance(first, ast.Name) and first.id in constants:
            assert first.end_col_offset is not None
            value = constants[first.id].replace("\\", "\\\\").replace('"', '\\"')
            edits.append((first.lineno, first.col_offset, first.end_col_offset, f'"{value}"'))
    lines = text.encode("utf-8").splitlines(keepends=True)
    # ast columns are UTF-8 byte offsets; edit right to left so earlier offsets stay valid.
    for lineno, start, end, literal in sorted(edits, reverse=True):
        line = lines[lineno - 1]
        lines[lineno - 1] = line[:start] + literal.encode("utf-8") + line[end:]
    return b"".join(lines).decode("utf-8")


def update(output: Path = TS, quiet: bool = False) -> None:
    """Run lupdate over :func:`sources` into ``output`` (starting from the committed .ts)."""
    rel_ts = TS.relative_to(ROOT)
    with tempfile.TemporaryDirectory(prefix="ld-lupdate-") as tmp:
        stage = Path(tmp)
        files = sources()
        for rel in files:
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(literal_contexts(ROOT / rel), encoding="utf-8")
        (stage / rel_ts).parent.mkdir(parents=True, exist_ok=True)
        if TS.exists():
            shutil.copyfile(TS, stage / rel_ts)
        command = [
            qt_tool("lupdate"),
            "-locations",
            "relative",
            "-no-obsolete",
            "-source-language",
            "en",
            "-target-language",
            "zh_CN",
            *(str(rel) for rel in files),
            "-ts",
            str(rel_ts),
        ]
        result = subprocess.run(command, cwd=stage, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            sys.exit(f"lupdate failed:\n{result.stdout}{result.stderr}")
        if not quiet:
            print(result.stdout.strip())
        output.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(stage / rel_ts, output)


def release(output: Path = QM) -> None:
    """Compile the .ts into the .qm the app loads."""
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_suffix(".partial.qm")
    subprocess.run([qt_tool("lrelease"), str(TS), "-qm", str(partial)], check=True)
    os.replace(partial, output)


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """{(context, source): (translation, finished)} for every message of a .ts file."""
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text = translation.text if translation is not None and translation.text else ""
            unfinished = translation is None or translation.get("type") in {
                "unfinished",
                "obsolete",
                "vanished",
            }
            found[(name, message.findtext("source", ""))] = (text, bool(text) and not unfinished)
    return found


def problems() -> list[str]:
    """What ``check`` complains about: untranslated messages, and strings the .ts lacks or keeps
    after the code dropped them."""
    committed = messages(TS)
    out = [f"untranslated: [{c}] {s}" for (c, s), (_, ok) in sorted(committed.items()) if not ok]
    with tempfile.TemporaryDirectory() as tmp:
        fresh_path = Path(tmp) / "fresh.ts"
        update(fresh_path, quiet=True)
        fresh = set(messages(fresh_path))
    out += [f"not in the .ts (run update): [{c}] {s}" for c, s in sorted(fresh - set(committed))]
    out += [
        f"no longer in the code (run update): [{c}] {s}" for c, s in sorted(set(committed) - fresh)
    ]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "release", "check"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "release":
        release()
    else:
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
