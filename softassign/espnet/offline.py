"""Keep ESPnet imports offline and quiet.

Importing ESPnet's text side (``espnet2.tasks.asr`` pulls in
``espnet2.text.phoneme_tokenizer`` -> ``g2p_en``) makes g2p_en call
``nltk.download`` at import time when its NLTK data is missing: it tries the
network and prints errors. Nothing here uses g2p, so the download is replaced
by a no-op that only logs at DEBUG level. Must run before the first import of
an ``espnet2`` module; :mod:`softassign.espnet` runs it on import.

Two more import-time messages carry nothing for a user and are kept out of the recipes' logs: ESPnet's
attention module prints "Failed to import Flash Attention" to *stdout* (where a command's output may be
captured) when the optional ``flash_attn`` is missing, and its enhancement modules, imported with the ASR
inference, raise FutureWarnings about ``torch.cuda.amp.autocast``.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import logging
import warnings

import nltk

log = logging.getLogger(__name__)


def _skip_download(info_or_id=None, *args, **kwargs) -> bool:
    log.debug("skipping nltk.download(%r): softassign runs offline", info_or_id)
    return False


def silence_nltk_download() -> None:
    """Replace ``nltk.download`` with a quiet no-op that returns False (download failed)."""
    nltk.download = _skip_download


def import_espnet_quietly() -> None:
    """Import ESPnet's attention module with its flash-attention notice logged at DEBUG, not printed; filter
    ESPnet's FutureWarnings about deprecated torch autocast."""
    warnings.filterwarnings("ignore", message=r".*torch\.cuda\.amp\.autocast.*", category=FutureWarning)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        importlib.import_module("espnet.nets.pytorch_backend.transformer.attention")
    if printed.getvalue():
        log.debug("espnet: %s", printed.getvalue().strip())
