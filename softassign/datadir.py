"""Kaldi-style data directories: the interface between corpus preparation and every stage.

A data dir holds ``wav.scp`` (utt-or-recording -> path or ``cmd |``), ``text``
(utt -> transcript), ``utt2spk`` and optionally ``segments``
(utt -> recording start end, in seconds) and ``spk2utt``. :func:`load_data_dir`
reads and cross-checks them.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from softassign.atomic import replacing
from softassign.errors import DataError


@dataclass(frozen=True)
class Segment:
    """A slice of a recording: ``recording`` is a wav.scp key, times in seconds."""

    recording: str
    start: float
    end: float


@dataclass
class DataDir:
    """The parsed contents of a Kaldi data dir (utterance order = sorted keys)."""

    path: Path
    wav_scp: dict[str, str]
    text: dict[str, str]
    utt2spk: dict[str, str]
    segments: dict[str, Segment] = field(default_factory=dict)

    @property
    def utterances(self) -> list[str]:
        """Utterance ids in Kaldi (sorted) order."""
        return sorted(self.utt2spk)

    def audio_ref(self, utt: str) -> tuple[str, Segment | None]:
        """Return (wav.scp entry, segment or None) for one utterance."""
        if self.segments:
            seg = self.segments[utt]
            return self.wav_scp[seg.recording], seg
        return self.wav_scp[utt], None


def read_table(path: str | os.PathLike, allow_empty: bool = False) -> dict[str, str]:
    """Read a Kaldi table file (``key value...``) into a dict; rejects duplicate keys.

    A line with a key but no value is an error unless ``allow_empty``.
    """
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            parts = line.split(maxsplit=1)
            key, value = parts[0], parts[1].strip() if len(parts) == 2 else ""
            if not value and not allow_empty:
                raise DataError(f"{path}:{lineno}: expected 'key value', got {line.strip()!r}")
            if key in table:
                raise DataError(f"{path}:{lineno}: duplicate key {key!r}")
            table[key] = value
    return table


def space_in_id_hint(entry: str) -> str:
    """A hint to add to an error about a wav.scp ``entry`` that looks like the rest of an id with a space.

    A line ``utt 1 /a.wav`` reads as key ``utt``, value ``1 /a.wav``: when a
    value that is not a ``cmd |`` pipe has several tokens and the last one is
    an existing file, returns ``" (does the utterance id contain a space?)"``;
    otherwise ``""``.
    """
    tokens = entry.split()
    if len(tokens) > 1 and not entry.endswith("|") and Path(tokens[-1]).is_file():
        return " (does the utterance id contain a space?)"
    return ""


def write_table(path: str | os.PathLike, table: dict[str, str]) -> None:
    """Write ``key value`` lines sorted by key, atomically (tmp file then rename)."""
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for key in sorted(table):
            f.write(f"{key} {table[key]}\n")


def _read_segments(path: Path) -> dict[str, Segment]:
    segments = {}
    for utt, value in read_table(path).items():
        fields = value.split()
        try:
            recording, start, end = fields[0], float(fields[1]), float(fields[2])
        except (IndexError, ValueError) as err:
            raise DataError(f"{path}: utterance {utt}: expected 'recording start end', got {value!r}") from err
        if not 0 <= start < end:
            raise DataError(f"{path}: utterance {utt}: bad times {start}..{end}")
        segments[utt] = Segment(recording, start, end)
    return segments


def _check_same_keys(path: Path, name: str, keys: set[str], expected: set[str], what: str) -> None:
    missing, extra = sorted(expected - keys), sorted(keys - expected)
    if missing:
        raise DataError(f"{path / name}: no entry for {what} {missing[0]!r} ({len(missing)} missing)")
    if extra:
        raise DataError(f"{path / name}: {what} {extra[0]!r} is not in utt2spk ({len(extra)} extra)")


def _check_spk2utt(path: Path, utt2spk: dict[str, str]) -> None:
    expected: dict[str, set[str]] = {}
    for utt, spk in utt2spk.items():
        expected.setdefault(spk, set()).add(utt)
    listed = {spk: set(utts.split()) for spk, utts in read_table(path).items()}
    for spk in sorted(expected.keys() | listed.keys()):
        want, have = expected.get(spk, set()), listed.get(spk, set())
        extra, missing = sorted(have - want), sorted(want - have)
        problems = [f"lists {extra[0]!r} ({len(extra)} not given to it by utt2spk)"] if extra else []
        problems += [f"lacks {missing[0]!r} ({len(missing)} missing)"] if missing else []
        if problems:
            raise DataError(f"{path}: speaker {spk!r} disagrees with utt2spk: {'; '.join(problems)}")


def load_data_dir(path: str | os.PathLike, require_text: bool = True) -> DataDir:
    """Read and validate a Kaldi data dir; raise DataError naming the file and key that disagree."""
    path = Path(path)
    for name in ["wav.scp", "utt2spk"] + (["text"] if require_text else []):
        if not (path / name).is_file():
            raise DataError(f"{path}: missing {name}")
    utt2spk = read_table(path / "utt2spk")
    wav_scp = read_table(path / "wav.scp")
    text = read_table(path / "text", allow_empty=True) if (path / "text").is_file() else {}
    utts = set(utt2spk)
    if not utts:
        raise DataError(f"{path / 'utt2spk'}: no utterances")
    segments = _read_segments(path / "segments") if (path / "segments").is_file() else {}
    if segments:
        _check_same_keys(path, "segments", set(segments), utts, "utterance")
        unknown = sorted({s.recording for s in segments.values()} - set(wav_scp))
        if unknown:
            raise DataError(f"{path / 'segments'}: recording {unknown[0]!r} is not in wav.scp")
    else:
        _check_same_keys(path, "wav.scp", set(wav_scp), utts, "utterance")
    if (path / "spk2utt").is_file():
        _check_spk2utt(path / "spk2utt", utt2spk)
    if require_text:
        _check_same_keys(path, "text", set(text), utts, "utterance")
        empty = sorted(u for u, t in text.items() if not t.strip())
        if empty:
            raise DataError(f"{path / 'text'}: utterance {empty[0]!r} has an empty transcript")
    return DataDir(path, wav_scp, text, utt2spk, segments)


def _swap_in(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def write_data_dir(
    path: str | os.PathLike,
    wav_scp: dict[str, str],
    text: dict[str, str],
    utt2spk: dict[str, str],
    extra_tables: dict[str, dict[str, str]] | None = None,
) -> DataDir:
    """Write a Kaldi data dir whole: wav.scp, text, utt2spk, spk2utt and ``extra_tables`` (name -> table).

    The files are written to a hidden sibling dir, validated with
    :func:`load_data_dir` and only then swapped in for ``path``: on bad
    input (DataError naming the file and key) nothing is left behind and an
    existing dir at ``path`` is unchanged. Returns the loaded dir.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    spk2utt: dict[str, list[str]] = {}
    for utt in sorted(utt2spk):
        spk2utt.setdefault(utt2spk[utt], []).append(utt)
    tables = {
        "wav.scp": wav_scp,
        "text": text,
        "utt2spk": utt2spk,
        "spk2utt": {spk: " ".join(utts) for spk, utts in spk2utt.items()},
        **(extra_tables or {}),
    }
    try:
        for name, table in tables.items():
            write_table(tmp / name, table)
        load_data_dir(tmp)
    except DataError as err:
        shutil.rmtree(tmp, ignore_errors=True)
        raise DataError(str(err).replace(str(tmp), str(path))) from err
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _swap_in(tmp, path)
    return load_data_dir(path)


def subset_data_dir(data: DataDir, utts: list[str], path: str | os.PathLike) -> DataDir:
    """Write the data dir of ``utts`` of ``data`` (their recordings and segments, transcripts, speakers) at ``path``."""
    unknown = sorted(set(utts) - set(data.utt2spk))
    if unknown:
        raise DataError(f"{data.path}: no utterance {unknown[0]!r} to take into a subset")
    extra: dict[str, dict[str, str]] = {}
    if data.segments:
        chosen = {utt: data.segments[utt] for utt in utts}
        extra["segments"] = {utt: f"{s.recording} {s.start} {s.end}" for utt, s in chosen.items()}
        wav_scp = {s.recording: data.wav_scp[s.recording] for s in chosen.values()}
    else:
        wav_scp = {utt: data.wav_scp[utt] for utt in utts}
    text = {utt: data.text[utt] for utt in utts}
    return write_data_dir(path, wav_scp, text, {utt: data.utt2spk[utt] for utt in utts}, extra)


def combine_data_dirs(sources: list[DataDir], path: str | os.PathLike) -> DataDir:
    """Write the union of ``sources`` at ``path`` (Kaldi's ``utils/combine_data.sh``); a DataError names the
    source dirs that share an utterance or recording id with different contents."""
    if any(data.segments for data in sources):
        raise DataError(f"{path}: combining data dirs with segments is not supported ({sources[0].path})")
    tables: dict[str, dict[str, str]] = {"wav.scp": {}, "text": {}, "utt2spk": {}}
    origin: dict[str, Path] = {}
    for data in sources:
        for name, table in (("wav.scp", data.wav_scp), ("text", data.text), ("utt2spk", data.utt2spk)):
            for key, value in table.items():
                if tables[name].setdefault(key, value) != value:
                    raise DataError(f"{data.path}/{name}: {key!r} is also in {origin[key]} with other contents")
                origin.setdefault(key, data.path)
    return write_data_dir(path, tables["wav.scp"], tables["text"], tables["utt2spk"])


def _speed_pipe(entry: str, factor: float) -> str:
    """The wav.scp entry that plays ``entry`` (a path or a ``cmd |`` pipe writing WAV) at ``factor`` times its speed.

    sox dithers the resampled audio with random noise; ``-R`` (repeatable mode)
    seeds that noise, so every read of the entry gives the same samples.
    """
    effect = f"sox -R -t wav - -t wav - speed {factor} |"
    if entry.endswith("|"):
        return f"{entry} {effect}"
    return f"sox -R {shlex.quote(entry)} -t wav - speed {factor} |"


def perturb_speed(data: DataDir, factor: float, path: str | os.PathLike) -> DataDir:
    """Write the speed-perturbed copy of ``data`` at ``path`` (Kaldi's ``utils/perturb_data_dir_speed.sh``).

    Utterance, speaker and recording ids get the prefix ``sp<factor>-``; each
    wav.scp entry becomes a sox pipe that plays the audio ``factor`` times
    faster (pitch and tempo, as ESPnet's speed perturbation), segment times
    are divided by ``factor`` (``sp0.9-``, ``sp1.1-``: ``factor`` as ``:g``); transcripts stay. Written whole
    (:func:`write_data_dir`).
    """
    if factor <= 0:
        raise DataError(f"{path}: speed factor {factor} of {data.path} is not positive")
    prefix = f"sp{factor:g}-"
    extra: dict[str, dict[str, str]] = {}
    if data.segments:
        extra["segments"] = {
            prefix + utt: f"{prefix}{s.recording} {s.start / factor:.3f} {s.end / factor:.3f}"
            for utt, s in data.segments.items()
        }
    wav_scp = {prefix + key: _speed_pipe(entry, factor) for key, entry in data.wav_scp.items()}
    text = {prefix + utt: data.text[utt] for utt in data.utterances}
    utt2spk = {prefix + utt: prefix + spk for utt, spk in data.utt2spk.items()}
    return write_data_dir(path, wav_scp, text, utt2spk, extra)
