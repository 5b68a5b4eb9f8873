r"""Make the parallel-reference data dir of a test set: the same sentences said by the target voice.

    python -m softassign.bin.make_parallel_refs --data_dir data/test_voice --ref_data_dir data/test_in \
        --out_dir data/test_voice_ref
Utterance ids on both sides are ``<speaker>-<sentence id>``; ``<out_dir>`` holds every utterance of
``--data_dir`` with the audio, transcript and speaker of the ``--ref_data_dir`` utterance of its sentence
(what ``softassign.bin.eval_synthesis --ref_data_dir`` scores against). A sentence without a reference
is a DataError naming the utterance; nothing is written then.
"""

from __future__ import annotations

import argparse
import logging

from softassign.bin.common import setup_logging
from softassign.vocoder.references import write_reference_dir


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and write the reference dir."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data_dir", required=True, help="the test set (other voices)")
    parser.add_argument("--ref_data_dir", required=True, help="the same sentences in the target voice")
    parser.add_argument("--out_dir", required=True)
    args = parser.parse_args(argv)
    setup_logging()
    data = write_reference_dir(args.data_dir, args.ref_data_dir, args.out_dir)
    logging.info("wrote %s: references of %d utterances", data.path, len(data.utterances))


if __name__ == "__main__":
    main()
