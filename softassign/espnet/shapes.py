"""The files ESPnet's collect-stats pass writes, computed without a pass of the model over the training set.

ESPnet training needs shape files (``speech_shape``, ``text_shape``: one
``utt dims`` line per utterance, used to sort and batch) and, for feature
normalisation, ``feats_stats.npz`` (``count``, ``sum``, ``sum_square``).
ESPnet's collect-stats stage gets them by running the frontend over every
training utterance, which for an on-the-fly SSL frontend means a full
WavLM Large pass over the corpus. Here:

* speech shapes come from the input itself: the length of each unit-id
  vector (``T``), each feature matrix (``T,D``), or each waveform at 16 kHz
  in samples, from the audio headers (resampled length as torchaudio
  computes it; pipes are read);
* text shapes are the token counts after ESPnet's own ``CommonPreprocessor``
  (the same tokenizer training uses), as collect-stats writes them;
* the feature statistics come from the features dumped for k-means, a seeded
  portion of the same training set and the same layer (10 % is plenty for
  a mean and a variance).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import kaldiio
import numpy as np
import soundfile

from softassign.arkio import iter_feature_scp
from softassign.atomic import replacing
from softassign.datadir import DataDir, load_data_dir, read_table
from softassign.errors import ConfigError, DataError
from softassign.features.sources import load_utterance

SPEECH_KINDS = ("units", "feats", "audio", "srctext")

#: The sample rate of every feature reader (and of ``softassign_wav`` input).
SAMPLE_RATE = 16000


def resampled_length(frames: int, rate: int) -> int:
    """Samples of ``frames`` at ``rate`` after resampling to 16 kHz (torchaudio's output length)."""
    return frames if rate == SAMPLE_RATE else math.ceil(SAMPLE_RATE * frames / rate)


def _audio_samples(data: DataDir, utt: str) -> int:
    entry, segment = data.audio_ref(utt)
    if entry.endswith("|"):
        return len(load_utterance(data, utt, SAMPLE_RATE))
    try:
        info = soundfile.info(entry)
    except (OSError, RuntimeError) as err:
        raise DataError(f"utterance {utt}: cannot read the header of {entry!r}: {err}") from err
    frames = info.frames
    if segment is not None:
        end = min(int(segment.end * info.samplerate), info.frames)
        frames = end - int(segment.start * info.samplerate)
    return resampled_length(frames, info.samplerate)


def speech_shapes(kind: str, source: str | os.PathLike) -> dict[str, str]:
    """utt -> shape of the model input: ``units`` scp (T), ``feats`` scp (T,D) or ``audio`` data dir (samples).

    ``srctext`` (the source text of ESPnet's MT task) is tokenised with :func:`text_shapes` by the caller.
    """
    if kind not in SPEECH_KINDS or kind == "srctext":
        raise ConfigError(f"speech input kind must be one of {SPEECH_KINDS[:3]}, got {kind!r}")
    if kind == "audio":
        data = load_data_dir(source, require_text=False)
        return {utt: str(_audio_samples(data, utt)) for utt in data.utterances}
    if kind == "feats":
        return {utt: ",".join(map(str, feats.shape)) for utt, feats in iter_feature_scp(source)}
    return {utt: str(len(ids)) for utt, ids in kaldiio.load_scp(str(source)).items()}


def text_shapes(
    text: str | os.PathLike, token_type: str, token_list: str | os.PathLike, bpemodel: str | None = None
) -> dict[str, str]:
    """utt -> number of tokens of the transcript, tokenised by ESPnet's CommonPreprocessor as in training."""
    from espnet2.train.preprocessor import CommonPreprocessor

    preprocess = CommonPreprocessor(train=False, token_type=token_type, token_list=token_list, bpemodel=bpemodel)
    shapes = {}
    for utt, transcript in read_table(text).items():
        shapes[utt] = str(len(preprocess(utt, {"text": transcript})["text"]))
    return shapes


def with_vocab_dim(shapes: dict[str, str], token_list: str | os.PathLike) -> dict[str, str]:
    """The shapes with the token list's size appended (``L`` -> ``L,V``), as ESPnet's asr2.sh writes them."""
    size = len(Path(token_list).read_text(encoding="utf-8").splitlines())
    return {utt: f"{shape},{size}" for utt, shape in shapes.items()}


def write_shape_file(path: str | os.PathLike, shapes: dict[str, str]) -> None:
    """Write ``utt dims`` lines sorted by utterance, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as tmp:
        tmp.write_text("".join(f"{utt} {shapes[utt]}\n" for utt in sorted(shapes)), encoding="utf-8")


def feature_statistics(feats_scp: str | os.PathLike) -> dict[str, np.ndarray]:
    """ESPnet's ``feats_stats.npz`` fields (frame count, per-dimension sum and sum of squares, float64)."""
    count, total, squares = 0, None, None
    for _, feats in iter_feature_scp(feats_scp):
        frames = feats.astype(np.float64)
        total = frames.sum(0) if total is None else total + frames.sum(0)
        squares = (frames**2).sum(0) if squares is None else squares + (frames**2).sum(0)
        count += len(frames)
    if not count:
        raise DataError(f"{feats_scp}: no feature frames to compute statistics from")
    return {"count": np.asarray(count), "sum": total, "sum_square": squares}


def write_feature_statistics(feats_scp: str | os.PathLike, out: str | os.PathLike) -> Path:
    """Write :func:`feature_statistics` as ESPnet's ``feats_stats.npz`` (for ``normalize: global_mvn``)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replacing(out, suffix=".npz") as tmp:
        np.savez(tmp, **feature_statistics(feats_scp))
    return out
