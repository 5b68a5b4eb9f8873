"""Compare two runs of a recipe file by file: the check that a run is reproducible.

Two runs of the same commit and configuration should write the same outputs. :func:`compare_runs` walks the
``data/``, ``dump/`` and ``exp/`` dirs of two recipe dirs and sorts their files into identical, differing and
missing on one side. What counts as the same:

- text files: the same bytes once each run's absolute recipe path is replaced by a placeholder (``wav.scp``
  and ESPnet's ``config.yaml`` name the dir they were made in);
- torch checkpoints (``*.pth``): the same tensors, key by key (their zip archives differ in bytes between
  runs; scalars such as the trainer's timings are not compared);
- everything else: the same bytes (compared in chunks, never read whole).

Left out as provenance rather than output: logs (``log/`` dirs, ``*.log``), the ``.done`` records (they
hold commands with paths and hashes of them), the run lock and ESPnet's ``RESULTS.md`` (it holds the date;
``results.tsv`` and ``results.md`` hold its figures).
"""

from __future__ import annotations

import filecmp
from dataclasses import dataclass, field
from pathlib import Path

import torch

#: The dirs of a recipe dir that hold its outputs.
OUTPUT_DIRS = ("data", "dump", "exp")
#: Dir names whose files are left out.
PROVENANCE_DIRS = frozenset({"log", "tensorboard"})
#: File names and suffixes left out.
PROVENANCE_NAMES = frozenset({".run.lock", "RESULTS.md"})
PROVENANCE_SUFFIXES = (".log", ".done")
#: What replaces each run's recipe path in text files before they are compared.
PATH_PLACEHOLDER = b"<recipe_dir>"
#: Larger files that differ in bytes are not read whole to compare them as text (scp and text files stay far below).
MAX_TEXT_BYTES = 64 * 2**20


@dataclass
class Comparison:
    """Relative paths of the outputs of two runs, sorted by how they compare."""

    identical: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    only_first: list[str] = field(default_factory=list)
    only_second: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """Whether the two runs wrote the same outputs."""
        return not (self.differing or self.only_first or self.only_second)


def output_files(recipe_dir: Path) -> set[str]:
    """Paths (relative to ``recipe_dir``) of the output files of a run, provenance left out."""
    files = set()
    for top in OUTPUT_DIRS:
        for path in (recipe_dir / top).rglob("*"):
            rel = path.relative_to(recipe_dir)
            if not path.is_file() or PROVENANCE_DIRS & set(rel.parts[:-1]):
                continue
            if path.name in PROVENANCE_NAMES or path.name.endswith(PROVENANCE_SUFFIXES):
                continue
            files.add(rel.as_posix())
    return files


def same_nested_tensors(first: object, second: object) -> bool:
    """Whether two loaded checkpoints hold equal tensors at the same keys (other leaves are not compared)."""
    if isinstance(first, torch.Tensor):
        return isinstance(second, torch.Tensor) and first.shape == second.shape and torch.equal(first, second)
    if isinstance(first, dict):
        return (
            isinstance(second, dict)
            and first.keys() == second.keys()
            and all(same_nested_tensors(first[k], second[k]) for k in first)
        )
    if isinstance(first, (list, tuple)):
        return (
            isinstance(second, (list, tuple))
            and len(first) == len(second)
            and all(same_nested_tensors(a, b) for a, b in zip(first, second, strict=True))
        )
    return True


def same_output(first: Path, second: Path, first_root: Path, second_root: Path) -> bool:
    """Whether one output file of two runs is the same (module docstring: text, checkpoints, other files)."""
    if filecmp.cmp(first, second, shallow=False):  # streamed: feature arks run to gigabytes at full size
        return True
    if first.suffix == ".pth":
        load = {"map_location": "cpu", "weights_only": False}
        return same_nested_tensors(torch.load(first, **load), torch.load(second, **load))
    if max(first.stat().st_size, second.stat().st_size) > MAX_TEXT_BYTES:
        return False
    first_bytes, second_bytes = first.read_bytes(), second.read_bytes()
    if b"\0" in first_bytes or b"\0" in second_bytes:
        return False
    first_text = first_bytes.replace(str(first_root.resolve()).encode(), PATH_PLACEHOLDER)
    second_text = second_bytes.replace(str(second_root.resolve()).encode(), PATH_PLACEHOLDER)
    return first_text == second_text


def compare_runs(first_root: Path, second_root: Path) -> Comparison:
    """Compare the outputs of the runs in two recipe dirs file by file."""
    first_files, second_files = output_files(first_root), output_files(second_root)
    result = Comparison(only_first=sorted(first_files - second_files), only_second=sorted(second_files - first_files))
    for rel in sorted(first_files & second_files):
        same = same_output(first_root / rel, second_root / rel, first_root, second_root)
        (result.identical if same else result.differing).append(rel)
    return result
