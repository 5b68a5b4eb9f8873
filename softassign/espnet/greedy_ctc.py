"""Best-path (greedy) CTC search for ESPnet models trained with CTC alone.

ESPnet's ``Speech2Text`` always runs its label-synchronous beam search; at
``--beam_size 1 --ctc_weight 1.0`` every output step still scores the CTC
prefix of every token over the whole utterance. The best path instead takes
the most probable token of each encoder frame, merges repeats and drops the
blanks: one pass over the CTC posteriors. The two searches can differ (the
prefix score sums over alignments, the best path follows one), so a recipe
that switches changes its results.
"""

from __future__ import annotations

import torch
from espnet.nets.beam_search import Hypothesis
from espnet2.bin.asr_inference import Speech2Text

from softassign.conf import load_yaml
from softassign.errors import ConfigError

BLANK_ID = 0
"""ESPnet's CTC blank (the first token of every token list)."""


def best_path_ids(frame_ids: torch.Tensor, eos_id: int) -> list[int]:
    """Token ids of a best path: repeats merged, then blanks and ``<sos/eos>`` dropped (as ESPnet drops them)."""
    merged = torch.unique_consecutive(frame_ids).tolist()
    return [token for token in merged if token not in (BLANK_ID, eos_id)]


#: ESPnet's ``ctc_weight`` when a config does not set it (``espnet2.asr.espnet_model``).
ESPNET_CTC_WEIGHT = 0.5


def check_has_ctc(asr_train_config: str) -> None:
    """ConfigError naming the config unless its model has a CTC branch (ESPnet builds none at ``ctc_weight: 0``);
    read from the config, before the model loads."""
    model_conf = load_yaml(asr_train_config).get("model_conf") or {}
    if model_conf.get("ctc_weight", ESPNET_CTC_WEIGHT) == 0:
        raise ConfigError(f"{asr_train_config}: the greedy_ctc search needs a model trained with CTC (ctc_weight > 0)")


class GreedyCTCSpeech2Text(Speech2Text):
    """ESPnet's ``Speech2Text`` with the best-path CTC search in place of the beam search (1-best only)."""

    def _decode_single_sample(self, enc: torch.Tensor):
        frame_ids = self.asr_model.ctc.argmax(enc.unsqueeze(0))[0]
        token_int = best_path_ids(frame_ids, self.asr_model.eos)
        token = self.converter.ids2tokens(token_int)
        text = self.tokenizer.tokens2text(token) if self.tokenizer is not None else None
        return [(text, token, token_int, Hypothesis(yseq=torch.tensor(token_int)))]
