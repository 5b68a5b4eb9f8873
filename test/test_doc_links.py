"""Every relative link of the repository's Markdown files names a file or directory that exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: [text](target): the target up to a closing parenthesis, a space or a fragment
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")


def markdown_files() -> list[Path]:
    """The Markdown files git tracks."""
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.split()]


def broken_links(path: Path) -> list[str]:
    """The relative link targets of ``path`` that do not exist."""
    targets = LINK.findall(path.read_text(encoding="utf-8"))
    return [t for t in targets if "://" not in t and not t.startswith("mailto:") and not (path.parent / t).exists()]


def test_every_relative_link_of_the_markdown_files_exists():
    files = markdown_files()
    assert any(f.name == "README.md" for f in files)
    broken = {str(f.relative_to(ROOT)): links for f in files if (links := broken_links(f))}
    assert not broken, f"links to missing files: {broken}"


def test_a_link_to_a_missing_file_is_found(tmp_path):
    page = tmp_path / "page.md"
    (tmp_path / "there.png").write_bytes(b"")
    page.write_text("[a](there.png) [b](missing.png) [c](https://example.org/x) [d](there.png#top)\n")
    assert broken_links(page) == ["missing.png"]
