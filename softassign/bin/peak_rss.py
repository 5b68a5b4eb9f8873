"""Run a command and write its peak resident set size (KiB) to a file: a small parent for memory benchmarks.

    python -m softassign.bin.peak_rss --out peak_kib.txt -- COMMAND [ARGS...]
exits with the command's exit status. The peak comes from the kernel's accounting of that one child
(``os.wait4``). On Linux a child's peak also counts the memory of the process it was forked from, so a
benchmark run from a large process (torch imported) starts the command through this fresh interpreter,
whose few megabytes are all that is added. Imports nothing beyond the standard library.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the command, write its peak RSS, exit with its status."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="file that receives the peak RSS in KiB")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARGS...]")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    process = subprocess.Popen(command)
    _, status, usage = os.wait4(process.pid, 0)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(f"{usage.ru_maxrss}\n")
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
