"""Check, write or clear the record of a stage output (see :mod:`softassign.records`).

    python -m softassign.bin.record check OUTPUT [--clear] -- WORDS...   exit 0 when OUTPUT is current
    python -m softassign.bin.record write OUTPUT -- WORDS...             after OUTPUT was made by WORDS
    python -m softassign.bin.record clear OUTPUT
    python -m softassign.bin.record command OUTPUT                       print the command OUTPUT was made by

WORDS are the command (or the task description) that makes OUTPUT; every existing path among them is
an input, digested. ``check`` exits 1 when OUTPUT is missing, has no record, or has one of another command
or other inputs, saying on stderr why an existing OUTPUT is redone; with ``--clear`` it then also removes the
stale record.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from softassign.records import clear, command_record, differences, is_current, read_record, write_record


def build_parser() -> argparse.ArgumentParser:
    """Subcommands check / write / clear / command, each taking an OUTPUT and (check, write) the WORDS after ``--``."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["check", "write", "clear", "command"])
    parser.add_argument("output", help="the output file or directory")
    parser.add_argument("--clear", action="store_true", help="check: remove a stale record")
    return parser


def split_words(argv: list[str]) -> tuple[list[str], list[str]]:
    """(options, WORDS): the arguments before the first ``--`` and those after it."""
    if "--" not in argv:
        return argv, []
    cut = argv.index("--")
    return argv[:cut], argv[cut + 1 :]


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and act; exit status 1 from ``check`` means: not current."""
    options, words = split_words(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(options)
    if args.action == "clear":
        clear(args.output)
        return
    if args.action == "command":
        print((read_record(args.output) or {}).get("command", "(no record)"))
        return
    if not words:
        sys.exit(f"record {args.action}: give the command words after --")
    record = command_record(words, [args.output])
    if args.action == "write":
        write_record(args.output, record)
        return
    if is_current(args.output, record):
        return
    if Path(args.output).exists():  # a first run needs no explanation; a redo does
        print(f"record: redoing {args.output}: {'; '.join(differences(args.output, record))}", file=sys.stderr)
    if args.clear:
        clear(args.output)
    sys.exit(1)


if __name__ == "__main__":
    main()
