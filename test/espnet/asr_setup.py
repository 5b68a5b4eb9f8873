"""Tiny ESPnet ASR set-ups for the tests, made the way asr.sh makes them, from audio.

Eight utterances of tone sequences (each word a tone pattern, so the transcript is in the audio), MFCC
units with K=16 centroids learned on them, unit ids dumped from the audio, char tokens. Models are trained
in-process through ``softassign.bin.asr_train`` on shape files from ``softassign.bin.write_shapes``, as
asr.sh stages 6 and 7 do; the continuous model reads the audio through the ``feature_reader`` frontend.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import torch

from softassign.arkio import iter_scp
from softassign.bin import asr_inference, asr_train, dump_features, dump_units, learn_kmeans, merge_shards, write_shapes
from softassign.conf import inline_yaml
from softassign.datadir import read_table, write_data_dir

CONF = Path(__file__).parent / "conf"
NUM_UNITS, NUM_UTTS, RATE = 16, 8, 16000
WORDS = ["AB", "BA", "CAB", "DAD", "BAD", "CAD", "ADD", "BB"]
#: letter -> tone frequency (Hz): each letter is 0.12 s of its tone, words are separated by silence
TONES = {"A": 300.0, "B": 700.0, "C": 1300.0, "D": 2100.0}
MFCC = {"type": "mfcc", "num_ceps": 13}
TINY_HUBERT = {"type": "ssl", "model": "tiny_hubert", "layer": 2, "seed": 0}


@dataclass
class AsrData:
    """Paths of one generated set (used for training, validation and decoding alike)."""

    root: Path
    data_dir: Path
    reader_conf: Path
    feats_scp: Path
    units_scp: Path
    centroids: Path
    token_list: Path

    @property
    def text(self) -> Path:
        """The transcripts."""
        return self.data_dir / "text"


@dataclass
class TrainedModel:
    """A trained ESPnet model: its config.yaml and parameters."""

    config: Path
    model_file: Path


def spoken(text: str, rng: np.random.Generator) -> np.ndarray:
    """A waveform of ``text``: a tone per letter, silence between words, a little noise."""
    pieces = []
    for word in text.split():
        for letter in word:
            t = np.arange(int(0.12 * RATE)) / RATE
            pieces.append(0.3 * np.sin(2 * np.pi * TONES[letter] * t))
        pieces.append(np.zeros(int(0.08 * RATE)))
    wave = np.concatenate(pieces)
    return (wave + 0.01 * rng.standard_normal(len(wave))).astype(np.float32)


def make_audio_dir(root: Path, seed: int = 0) -> Path:
    """The Kaldi data dir of the eight utterances (wav.scp, text, utt2spk)."""
    rng = np.random.default_rng(seed)
    wav_dir = root / "wav"
    wav_dir.mkdir(parents=True, exist_ok=True)
    texts = {f"utt{i:02d}": f"{WORDS[i]} {WORDS[(i + 3) % NUM_UTTS]}" for i in range(NUM_UTTS)}
    wavs = {}
    for utt, text in texts.items():
        wavs[utt] = str(wav_dir / f"{utt}.wav")
        soundfile.write(wavs[utt], spoken(text, rng), RATE, subtype="PCM_16")
    write_data_dir(root / "data", wavs, texts, dict.fromkeys(texts, "spk"))
    return root / "data"


def make_asr_data(root: Path, seed: int = 0) -> AsrData:
    """Audio, its MFCC features (float16, as the k-means portion), K=16 centroids, unit ids from the audio."""
    root.mkdir(parents=True, exist_ok=True)
    data = make_audio_dir(root, seed)
    conf = root / "mfcc.yaml"
    conf.write_text(inline_yaml(MFCC) + "\n")
    feats, units = root / "feats", root / "units"
    dump_features.main(["--reader_conf", str(conf), "--dtype", "float16", f"{data}:{feats}"])
    merge_shards.main(
        [
            "--shards",
            str(feats / "feats.JOB.scp"),
            "--nj",
            "1",
            "--out",
            str(feats / "feats.scp"),
            "--data_dir",
            str(data),
        ]
    )
    learn_kmeans.main(
        [
            "--feats_scp",
            str(feats / "feats.scp"),
            "--num_clusters",
            str(NUM_UNITS),
            "--seed",
            "0",
            "--out",
            str(root / "centroids.npy"),
        ]
    )
    dump_units.main(["--reader_conf", str(conf), "--centroids", str(root / "centroids.npy"), f"{data}:{units}"])
    merge_shards.main(
        [
            "--shards",
            str(units / "units.JOB.scp"),
            "--nj",
            "1",
            "--out",
            str(units / "units.scp"),
            "--data_dir",
            str(data),
        ]
    )
    texts = (data / "text").read_text().splitlines()
    chars = sorted(set("".join(line.split(maxsplit=1)[1] for line in texts)) - {" "})
    (root / "tokens.txt").write_text("\n".join(["<blank>", "<unk>", *chars, "<space>", "<sos/eos>"]) + "\n")
    return AsrData(
        root, data, conf, feats / "feats.scp", units / "units.scp", root / "centroids.npy", root / "tokens.txt"
    )


def training_args(
    config: Path, data: AsrData, speech: str, out: Path, epochs: int, *options: str, feats_stats: bool = False
) -> list[str]:
    """The asr_train options of a model trained ``epochs`` epochs into ``out/exp`` (shape files in ``out/stats``)."""
    stats = out / "stats"
    input_arg = (
        f"{data.units_scp},speech,kaldi_ark" if speech == "units" else f"{data.data_dir}/wav.scp,speech,softassign_wav"
    )
    args = [
        "--config",
        str(config),
        "--use_preprocessor",
        "true",
        "--token_type",
        "char",
        "--token_list",
        str(data.token_list),
        "--ngpu",
        "0",
        "--num_workers",
        "0",
    ]
    for subset in ("train", "valid"):
        args += [
            f"--{subset}_data_path_and_name_and_type",
            input_arg,
            f"--{subset}_data_path_and_name_and_type",
            f"{data.text},text,text",
            f"--{subset}_shape_file",
            str(stats / subset / "speech_shape"),
            f"--{subset}_shape_file",
            str(stats / subset / "text_shape"),
        ]
    args += ["--fold_length", "500" if speech == "units" else "80000", "--fold_length", "150"]
    if feats_stats:
        args += ["--normalize", "global_mvn", "--normalize_conf", f"stats_file={stats / 'train' / 'feats_stats.npz'}"]
    return [
        *args,
        *options,
        "--max_epoch",
        str(epochs),
        "--use_tensorboard",
        "false",
        "--use_matplotlib",
        "false",
        "--resume",
        "true",
        "--output_dir",
        str(out / "exp"),
    ]


def train(
    config: Path, data: AsrData, speech: str, out: Path, epochs: int, *options: str, feats_stats: bool = False
) -> TrainedModel:
    """Write the shape files, then train ``epochs`` epochs; returns the averaged model.

    ``speech`` is ``units`` (the dumped ids) or ``audio`` (the data dir's wav.scp, softassign_wav);
    ``feats_stats`` writes the global MVN statistics from the dumped features and normalises with them.
    """
    source = f"units:{data.units_scp}" if speech == "units" else f"audio:{data.data_dir}"
    shapes_args = ["--token_type", "char", "--token_list", str(data.token_list), "--out_dir", str(out / "stats")]
    sets = [f"{name}={source}:{data.text}" for name in ("train", "valid")]
    write_shapes.main(shapes_args + (["--feats_stats_from", str(data.feats_scp)] if feats_stats else []) + sets)
    asr_train.main(training_args(config, data, speech, out, epochs, *options, feats_stats=feats_stats))
    return TrainedModel(out / "exp" / "config.yaml", out / "exp" / "valid.acc.ave.pth")


def unit_model_options(data: AsrData) -> list[str]:
    """The frontend options asr.sh stage 6 passes: K, the centroids, the reader conf the units came from."""
    return [
        "--frontend_conf",
        f"num_units={NUM_UNITS}",
        "--frontend_conf",
        f"centroids={data.centroids}",
        "--frontend_conf",
        f"reader={inline_yaml(MFCC)}",
    ]


def continuous_model_options(reader: dict) -> list[str]:
    """The frontend options asr.sh stage 7 passes: the feature_reader frontend and its reader conf."""
    return ["--frontend", "feature_reader", "--frontend_conf", f"reader={inline_yaml(reader)}"]


def ctc_best_paths(speech2text, units_scp: Path) -> dict[str, str]:
    """The text of the model's CTC argmax path (repeats merged, blanks and eos dropped) for each utterance of
    ``units_scp``, computed here from the encoder and CTC layer, independently of the greedy_ctc search."""
    model, texts = speech2text.asr_model, {}
    for utt, ids in iter_scp(units_scp):
        speech = torch.from_numpy(ids.astype("int64"))[None]
        with torch.no_grad():
            enc, _ = model.encode(speech, torch.tensor([speech.size(1)]))
            path = model.ctc.log_softmax(enc)[0].argmax(-1).tolist()
        tokens = [t for i, t in enumerate(path) if (i == 0 or t != path[i - 1]) and t not in (0, model.eos)]
        texts[utt] = speech2text.tokenizer.tokens2text(speech2text.converter.ids2tokens(tokens)).strip()
    return texts


def model_args(model: TrainedModel) -> list[str]:
    """asr_inference's model options for ``model``, with the tests' small beam (4)."""
    return ["--asr_train_config", str(model.config), "--asr_model_file", str(model.model_file), "--beam_size", "4"]


def decode(model: TrainedModel, out: Path, *options: str, job: int = 1, nj: int = 1) -> dict[str, str]:
    """Run asr_inference on one shard (beam 4 unless ``options`` say otherwise); return its hypotheses."""
    asr_inference.main([*model_args(model), "--output_dir", str(out), "--job", str(job), "--nj", str(nj), *options])
    return read_table(out / f"text.{job}", allow_empty=True)
