"""Check Kaldi data dirs at data preparation; print one summary line per dir.

    python -m softassign.bin.validate_data_dir data/train data/test [--no_text]

Each dir is read with :func:`softassign.datadir.load_data_dir` (which
cross-checks wav.scp, text, utt2spk, spk2utt and segments; ``--no_text``
for dirs without transcripts), and every wav.scp value must be an existing
file or a command ending in ``|``. A good dir prints
``<dir>: N utterances, S speakers, H hours`` (hours from segments when
present, else from the headers of the files; pipe entries are not timed and
the line says how many). Any bad dir: its error on stderr, exit status 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import soundfile

from softassign.datadir import DataDir, load_data_dir, space_in_id_hint
from softassign.errors import DataError


def _is_pipe(entry: str) -> bool:
    return entry.endswith("|")


def _where(data: DataDir, key: str) -> str:
    return f"{data.path / 'wav.scp'}: {'recording' if data.segments else 'utterance'} {key!r}"


def _check_entries(data: DataDir) -> None:
    for key, entry in sorted(data.wav_scp.items()):
        if not _is_pipe(entry) and not Path(entry).is_file():
            raise DataError(
                f"{_where(data, key)}: {entry!r} is neither an existing file"
                f" nor a command ending in '|'{space_in_id_hint(entry)}"
            )


def _seconds(data: DataDir, key: str, entry: str) -> float:
    try:
        return soundfile.info(entry).duration
    except (OSError, RuntimeError, soundfile.LibsndfileError) as err:
        raise DataError(f"{_where(data, key)}: cannot read audio {entry!r}: {err}") from err


def summarize(data: DataDir) -> str:
    """``<dir>: N utterances, S speakers, H hours`` (noting how many pipe entries were not timed)."""
    untimed = 0
    if data.segments:
        seconds = sum(seg.end - seg.start for seg in data.segments.values())
    else:
        files = {key: entry for key, entry in data.wav_scp.items() if not _is_pipe(entry)}
        seconds = sum(_seconds(data, key, entry) for key, entry in sorted(files.items()))
        untimed = len(data.wav_scp) - len(files)
    note = f" ({untimed} pipe entries not timed)" if untimed else ""
    speakers = len(set(data.utt2spk.values()))
    return f"{data.path}: {len(data.utterances)} utterances, {speakers} speakers, {seconds / 3600:.2f} hours{note}"


def validate_data_dir(path: str | Path, require_text: bool = True) -> str:
    """Load and check one data dir (DataError naming the file and key on a problem); return its summary line."""
    data = load_data_dir(path, require_text=require_text)
    _check_entries(data)
    return summarize(data)


def main(argv: list[str] | None = None) -> None:
    """Validate every dir given; print the summaries, and exit 1 with the errors if any dir is bad."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data_dirs", nargs="+", metavar="DIR", help="Kaldi data dir")
    parser.add_argument("--no_text", action="store_true", help="the dirs need no text (unlabelled audio)")
    args = parser.parse_args(argv)
    errors = []
    for path in args.data_dirs:
        try:
            print(validate_data_dir(path, require_text=not args.no_text))
        except DataError as err:
            errors.append(f"validate_data_dir: error: {err}\n")
    if errors:
        parser.exit(1, "".join(errors))


if __name__ == "__main__":
    main()
