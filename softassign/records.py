"""Output records: every finished output says what produced it, so a rerun redoes exactly what changed.

An output is finished when its record exists: ``<dir>/.done`` for a directory,
``<file>.done`` for a file. The record is JSON::

    {"command": "python -m softassign.bin.dump_units --data_dir data/test ...",
     "inputs": {"data/test": "table:3f2a...", "exp/kmeans_x/centroids.npy": "record:9c1b..."},
     "softassign": "0.1.0 (git 4afa550)"}

``command`` is the command line (or any list of words: options, a decoding
task) that made the output, ``inputs`` the digest of every existing path named
in it. A rerun compares ``command`` and ``inputs`` and redoes the output when
either differs; ``softassign`` (the code version) is informational, so that a
``git pull`` does not redo a week of feature extraction. A change of the code
that changes an output must therefore change its command (a new option, or a
stage version number in the command).

Which words are paths: a word, the part after ``=`` in ``key=value``, the
part before the first ``,`` (ESPnet's ``path,name,type``) and either side of
``:`` (``SOURCE:OUT`` pairs) that exist on disk,
except the outputs themselves, paths inside them and directories holding them; and the paths named by
the files named by the string values of a hand-written YAML config among them (a feature conf's
``checkpoint``; not the configs stages write, which their records cover). How a path is digested
(:func:`path_digest`):

* a Kaldi data dir (has ``wav.scp``): the contents of the tables that define
  its utterances and audio (``table:``: ``wav.scp``, ``segments``,
  ``utt2spk``); a table named on its own (``data/train/text`` for training)
  is digested by its bytes, so a hand-edited transcript redoes the training
  that reads it and not the unit dump;
* an output of another stage (it has a record, or its directory has one): the
  digest of that record (``record:``), so large arks are never hashed and a
  redone upstream stage makes its downstream stages redo;
* any other file: its bytes (``sha256:``); other directories: the names,
  sizes and modification times of their files (``listing:``).

Writes are atomic (temporary file, then rename); :func:`clear` removes a stale
record before an output is redone, so a run killed midway never leaves an old
record next to new, partial output.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from softassign import failpoints
from softassign.atomic import replacing

#: The tables of a Kaldi data dir that define its utterances and their audio (what a data dir named as a whole
#: stands for: feature and unit dumps, decoding). A table named on its own (``data/train/text``) is itself.
AUDIO_TABLES = ("wav.scp", "segments", "utt2spk")

#: The fields of a record that decide whether an output is current.
COMPARED = ("command", "inputs")


@dataclass(frozen=True)
class Record:
    """What produced an output: its command words and the digests of the inputs they name."""

    command: str
    inputs: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        """The record as written to disk (the comparable fields plus the code version)."""
        return {"command": self.command, "inputs": self.inputs, "softassign": code_version()}

    def digest(self) -> str:
        """A stable digest of the comparable fields."""
        return sha256_text(json.dumps({"command": self.command, "inputs": self.inputs}, sort_keys=True))


def sha256_text(text: str) -> str:
    """Hex sha256 of a string."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def code_version() -> str:
    """The package version and, when run from a git checkout, its commit (informational)."""
    from softassign import __version__

    root = Path(__file__).resolve().parents[1]
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty"], capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__} (git {commit})" if commit else __version__


def record_path(output: str | os.PathLike) -> Path:
    """Where the record of ``output`` lives: ``<dir>/.done`` or ``<file>.done``."""
    output = Path(output)
    return output / ".done" if output.is_dir() else Path(f"{output}.done")


def read_record(output: str | os.PathLike) -> dict | None:
    """The record of ``output`` as written, or None when it has none (or an unreadable one)."""
    path = record_path(output)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def is_current(output: str | os.PathLike, record: Record) -> bool:
    """True when ``output`` exists and its record has the same command and inputs as ``record``."""
    written = read_record(output)
    return (
        Path(output).exists() and written is not None and all(written.get(k) == record.as_json()[k] for k in COMPARED)
    )


def differences(output: str | os.PathLike, record: Record) -> list[str]:
    """Why ``output`` is not current: the fields (and inputs) that differ, for logs."""
    written = read_record(output)
    if not Path(output).exists():
        return [f"{output} does not exist"]
    if written is None:
        return [f"{output} has no record"]
    reasons = []
    if written.get("command") != record.command:
        reasons.append("the command changed")
    old, new = written.get("inputs") or {}, record.inputs
    reasons += [f"input {path} changed" for path in sorted(set(old) | set(new)) if old.get(path) != new.get(path)]
    return reasons


def write_record(output: str | os.PathLike, record: Record) -> Path:
    """Write the record of a finished ``output`` atomically; returns the record file."""
    path = record_path(output)
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(record.as_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        failpoints.reached("before_rename")
    return path


def clear(output: str | os.PathLike) -> None:
    """Remove the record of ``output`` (before redoing it), so that it is not taken for finished."""
    record_path(output).unlink(missing_ok=True)


def _overlaps(path: Path, outputs: list[Path]) -> bool:
    """True when ``path`` is an output, inside one, or a directory holding one."""
    return any(path == out or out in path.parents or path in out.parents for out in outputs)


def path_candidates(word: str) -> list[str]:
    """The strings in one word that may name a path: the word, after ``=``, before ``,``, either side of ``:``."""
    candidates = [word]
    if "=" in word:
        candidates.append(word.split("=", 1)[1])
    candidates += [c.split(",", 1)[0] for c in list(candidates) if "," in c]
    candidates += [part for c in list(candidates) if ":" in c for part in c.split(":")]
    return [c for c in dict.fromkeys(candidates) if c and len(c) < 4096]


def yaml_paths(path: str) -> list[str]:
    """String values of a YAML config (at any depth) that name existing files; none when it is not YAML."""
    import yaml

    try:
        with open(path, encoding="utf-8") as f:
            config = yaml.safe_load(f)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    values, found = [config], []
    while values:
        value = values.pop()
        if isinstance(value, dict):
            values += list(value.values())
        elif isinstance(value, list):
            values += value
        elif isinstance(value, str) and value and len(value) < 4096 and os.path.isfile(value):
            found.append(value)
    return sorted(found)


def _is_hand_written_yaml(path: Path) -> bool:
    """A YAML config file that no stage produced (a conf/ file), whose named files are inputs too."""
    return path.suffix in (".yaml", ".yml") and path.is_file() and _producer_record(path) is None


def named_paths(words: Iterable[str], outputs: Iterable[str | os.PathLike] = ()) -> list[str]:
    """Existing paths named in ``words`` (see the module docstring), except outputs, their contents and parents."""
    outs = [Path(os.path.abspath(o)) for o in outputs]
    found = []
    for word in words:
        for candidate in path_candidates(word):
            if os.path.exists(candidate) and not _overlaps(Path(os.path.abspath(candidate)), outs):
                found.append(candidate)
                if _is_hand_written_yaml(Path(candidate)):
                    found += yaml_paths(candidate)
    return list(dict.fromkeys(found))


def _is_data_dir(path: Path) -> bool:
    return path.is_dir() and (path / "wav.scp").is_file()


def _in_data_dir(path: Path) -> bool:
    return path.is_file() and (path.parent / "wav.scp").is_file()


def _table_digest(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in AUDIO_TABLES:
        if (data_dir / name).is_file():
            digest.update(f"{name}\n".encode())
            digest.update(sha256_file(data_dir / name).encode())
    return digest.hexdigest()


def _producer_record(path: Path) -> Path | None:
    own = Path(f"{path}.done")
    if own.is_file():
        return own
    if path.is_dir() and (path / ".done").is_file():
        return path / ".done"
    if path.is_file() and (path.parent / ".done").is_file():
        return path.parent / ".done"
    return None


def _listing_digest(directory: Path) -> str:
    entries = []
    for root, _, files in sorted(os.walk(directory)):
        for name in sorted(files):
            stat = os.stat(os.path.join(root, name))
            entries.append(f"{os.path.relpath(os.path.join(root, name), directory)} {stat.st_size} {stat.st_mtime_ns}")
    return sha256_text("\n".join(entries))


def _record_digest(record_file: Path) -> str:
    try:
        written = json.loads(record_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "sha256:" + sha256_file(record_file)
    if not isinstance(written, dict):
        return "sha256:" + sha256_file(record_file)
    return sha256_text(json.dumps({k: written.get(k) for k in COMPARED}, sort_keys=True))


def path_digest(path: str | os.PathLike) -> str:
    """The digest of one input path, prefixed by how it was taken (module docstring)."""
    path = Path(path)
    if _is_data_dir(path):
        return "table:" + _table_digest(path)
    if _in_data_dir(path):
        return "sha256:" + sha256_file(path)
    producer = _producer_record(path)
    if producer is not None:
        return "record:" + _record_digest(producer)
    if path.is_dir():
        return "listing:" + _listing_digest(path)
    return "sha256:" + sha256_file(path)


def command_record(words: list[str], outputs: Iterable[str | os.PathLike] = ()) -> Record:
    """The record of running ``words`` to make ``outputs``: the words joined, and their input digests."""
    outputs = list(outputs)
    return Record(" ".join(words), {path: path_digest(path) for path in named_paths(words, outputs)})
