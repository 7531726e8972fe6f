"""Keep the Chinese translation source in step with the code, and compile it.

    python scripts/translations.py update    # collect strings into resources/translations/*.ts
    python scripts/translations.py release   # compile the .ts into desktop/ui/translations/*.qm
    python scripts/translations.py check     # fail when a string is untranslated or not collected
    python scripts/translations.py fill F.json  # translate unfinished strings: {"English": "中文"}

``update`` runs Qt's ``lupdate`` over the UI, the composition root and every module below the UI that
marks sentences with ``QT_TRANSLATE_NOOP``; existing translations are kept, strings that left the code
are dropped. ``lupdate`` understands only literal contexts, so those modules spell theirs out.
"""

from __future__ import annotations

import argparse
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
    files = set((ROOT / "desktop" / "ui").rglob("*.py"))
    files.add(ROOT / "desktop" / "app.py")
    for package in ("core", "desktop"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name != "messages.py" and MARKER in path.read_text(encoding="utf-8"):
                files.add(path)
    return sorted(p.relative_to(ROOT) for p in files)


def update(output: Path = TS, quiet: bool = False) -> None:
    """Run lupdate over :func:`sources` into ``output`` (starting from the committed .ts)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if output != TS and TS.exists():
        shutil.copyfile(TS, output)
    command = [
        qt_tool("lupdate"),
        "-locations",
        "relative",
        "-no-obsolete",
        "-source-language",
        "en",
        "-target-language",
        "zh_CN",
        *(str(rel) for rel in sources()),
        "-ts",
        str(output),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"lupdate failed:\n{result.stdout}{result.stderr}")
    if not quiet:
        print(result.stdout.strip())


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


def fill(path: Path) -> int:
    """Give unfinished messages the Chinese in ``path`` (a JSON object from source text to
    translation); returns how many were filled. Strings already translated are left alone."""
    import json

    wanted = json.loads(path.read_text(encoding="utf-8"))
    tree = ET.parse(TS)
    filled = 0
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") != "unfinished" or source not in wanted:
            continue
        translation.text = wanted[source]
        del translation.attrib["type"]
        filled += 1
    if filled:
        with TS.open("wb") as out:
            out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
            tree.write(out, encoding="utf-8", xml_declaration=False)
        update(quiet=True)  # back to lupdate's own layout, so diffs show only what changed
    return filled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "release", "check", "fill"))
    parser.add_argument("json", nargs="?", type=Path, help="for fill: source text to Chinese")
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    elif args.command == "fill":
        if args.json is None:
            parser.error("fill needs a JSON file")
        print(f"filled {fill(args.json)} translations")
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
