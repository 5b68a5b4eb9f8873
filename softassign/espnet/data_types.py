"""An ESPnet data type for Kaldi data dirs' audio: ``data/<set>/wav.scp,speech,softassign_wav``.

ESPnet's own ``sound`` type reads ``wav.scp`` files only: no ``cmd |`` entries,
no ``segments``, no resampling (ESPnet's recipes first copy every corpus to
16 kHz files). This type reads the data dir around the given ``wav.scp``
with :func:`softassign.audio.load_audio`, like every other softassign stage:
pipes, segments, any sample rate resampled to 16 kHz (the rate of every
feature reader), and errors naming the utterance. Registered in
``espnet2.train.dataset.DATA_TYPES`` by :func:`softassign.espnet.tasks.register_with_espnet`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import numpy as np

from softassign.datadir import load_data_dir
from softassign.features.sources import load_utterance

#: The ESPnet data type name (the third field of ``--*_data_path_and_name_and_type``).
DATA_TYPE = "softassign_wav"

#: The sample rate of every softassign feature reader.
SAMPLE_RATE = 16000


class DataDirAudio(Mapping):
    """utt -> float32 waveform at 16 kHz of the data dir holding ``wav_scp``."""

    def __init__(self, wav_scp: str | Path, float_dtype: str | None = None):
        self.data = load_data_dir(Path(wav_scp).parent, require_text=False)
        self.float_dtype = float_dtype or "float32"

    def __getitem__(self, utt: str) -> np.ndarray:
        return load_utterance(self.data, utt, SAMPLE_RATE).numpy().astype(self.float_dtype)

    def __iter__(self) -> Iterator[str]:
        return iter(self.data.utterances)

    def __len__(self) -> int:
        return len(self.data.utterances)


def data_dir_audio_loader(path: str, float_dtype: str | None = None) -> DataDirAudio:
    """ESPnet loader function of :data:`DATA_TYPE`."""
    return DataDirAudio(path, float_dtype)


#: The entry added to ESPnet's DATA_TYPES.
ESPNET_DATA_TYPES = {
    DATA_TYPE: dict(
        func=data_dir_audio_loader,
        kwargs=["float_dtype"],
        help="The wav.scp of a Kaldi data dir read with its segments and pipes, resampled to 16 kHz (softassign).",
    )
}
