"""Keep ESPnet imports offline and quiet.

Importing ESPnet's text side (``espnet2.tasks.asr`` pulls in
``espnet2.text.phoneme_tokenizer`` -> ``g2p_en``) makes g2p_en call
``nltk.download`` at import time when its NLTK data is missing: it tries the
network and prints errors. Nothing here uses g2p, so the download is replaced
by a no-op that only logs at DEBUG level. Must run before the first import of
an ``espnet2`` module; :mod:`softassign.espnet` runs it on import.
"""

from __future__ import annotations

import logging

import nltk

log = logging.getLogger(__name__)


def _skip_download(info_or_id=None, *args, **kwargs) -> bool:
    log.debug("skipping nltk.download(%r): softassign runs offline", info_or_id)
    return False


def silence_nltk_download() -> None:
    """Replace ``nltk.download`` with a quiet no-op that returns False (download failed)."""
    nltk.download = _skip_download
