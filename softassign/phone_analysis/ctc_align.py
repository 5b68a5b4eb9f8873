"""Frame-level token labels by CTC forced alignment (``torchaudio.functional.forced_align``).

Given a CTC model's log-posteriors (T, V) of one utterance and its token
sequence, the Viterbi path labels each frame with a token id or the blank.
With ``fill_blanks`` (the default) each blank frame takes the token of the
closest emission before it, and blanks before the first emission take the
first token, so every frame gets a token of the sequence, the way a phone
alignment labels every frame with a phone.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import torch
import torchaudio.functional

from softassign.errors import ConfigError, DataError


def viterbi_path(log_probs: torch.Tensor, targets: torch.Tensor, blank: int) -> torch.Tensor:
    """The best CTC path (T,) of token ids and ``blank`` through ``targets`` (L,)."""
    with warnings.catch_warnings():
        # torchaudio 2.9 flags forced_align as deprecated; it is still the maintained CTC aligner we pin.
        warnings.filterwarnings("ignore", message=".*forced_align has been deprecated.*")
        path, _ = torchaudio.functional.forced_align(
            log_probs[None].float().cpu(), targets[None].int().cpu(), blank=blank
        )
    return path[0].long()


def fill_blank_frames(path: torch.Tensor, blank: int) -> torch.Tensor:
    """Replace each blank of ``path`` by the last token emitted before it (leading blanks: the first token)."""
    emitted = path != blank
    if not emitted.any():
        return path.clone()
    positions = torch.where(emitted, torch.arange(len(path)), -1)
    last_emission = positions.cummax(0).values
    first_emission = int(emitted.nonzero()[0])
    return path[torch.where(last_emission < 0, first_emission, last_emission)]


def forced_align_frames(
    log_probs: torch.Tensor,
    targets: Sequence[int] | torch.Tensor,
    blank: int = 0,
    fill_blanks: bool = True,
    utt: str = "utterance",
) -> torch.Tensor:
    """Token id of every frame (T,) on the best CTC path of ``targets`` through ``log_probs`` (T, V).

    ``log_probs`` are per-frame log-softmax outputs of a CTC model. Raises
    ConfigError if a target is the blank or outside the vocabulary, and
    DataError (naming ``utt``) if the utterance has too few frames for its
    tokens (T < L + number of repeated neighbours).
    """
    tokens = torch.as_tensor(targets, dtype=torch.long)
    if log_probs.dim() != 2 or tokens.dim() != 1 or len(tokens) == 0:
        raise ConfigError(f"{utt}: need log-probs (T, V) and a non-empty token sequence (L,)")
    if ((tokens < 0) | (tokens >= log_probs.shape[1]) | (tokens == blank)).any():
        raise ConfigError(f"{utt}: targets must be non-blank ids below V={log_probs.shape[1]}, got {tokens.tolist()}")
    repeats = int((tokens[1:] == tokens[:-1]).sum())
    if log_probs.shape[0] < len(tokens) + repeats:
        raise DataError(f"{utt}: {log_probs.shape[0]} frames cannot hold {len(tokens)} tokens with {repeats} repeats")
    path = viterbi_path(log_probs, tokens, blank)
    return fill_blank_frames(path, blank) if fill_blanks else path
