"""HuBERT masked-prediction pretraining (:mod:`softassign.hubert.model`) on unit-id targets.

AdamW with the betas, eps and weight decay of torchaudio's HuBERT recipe, a
linear warmup to ``learning_rate`` and a linear decay to 0 at ``max_steps``,
gradient-norm clipping.

``out_dir`` holds ``checkpoint.<step>.pt`` (every ``checkpoint_every`` steps
and at the end; the last ``keep_checkpoints``): the full pretraining model's
state dict, optimizer, scheduler and step. The global torch RNG (masks,
dropout) is reseeded from (seed, step) before every step and the batches
depend on (seed, step) only, so a resumed run repeats an uninterrupted one.
At ``max_steps`` the encoder's state dict is written to ``encoder.pt`` (+
``.done``) for ``SSLReader``.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import torch

from softassign.arkio import done_marker, is_done
from softassign.checkpoint import latest_checkpoint, save_atomic, write_checkpoint
from softassign.errors import ConfigError
from softassign.features.ssl import HUBERT_CONFIGS
from softassign.hubert.data import MODEL_STREAM, FrameGeometry, PretrainBatches
from softassign.hubert.model import build_pretrain_model, encoder_options, masked_prediction_loss
from softassign.seeding import step_seed

log = logging.getLogger(__name__)

ENCODER = "encoder.pt"

#: AdamW options of torchaudio's HuBERT recipe.
ADAMW = dict(betas=(0.9, 0.98), eps=1e-6, weight_decay=0.01)


@dataclass
class PretrainConfig:
    """Model, data and optimisation options (the CLI exposes every field as ``--<name>``)."""

    num_classes: int = field(metadata={"help": "number of target classes K (k-means clusters of the units)"})
    model: str = field(default="small_hubert", metadata={"help": f"architecture: {sorted(HUBERT_CONFIGS)}"})
    units_stride: int = field(default=2, metadata={"help": "keep every n-th unit id (2: 100 Hz MFCC -> 50 Hz)"})
    batch_size: int = field(default=8, metadata={"help": "utterances per step"})
    crop_frames: int = field(default=100, metadata={"help": "longest crop, in 20 ms frames"})
    min_frames: int = field(default=32, metadata={"help": "utterances with fewer label frames are left out"})
    max_steps: int = field(default=3000, metadata={"help": "training steps"})
    # 1e-3 collapsed small_hubert on the mini corpus (K=512 MFCC targets: loss back to 6.1, ln K = 6.2, after
    # 400 steps, masked accuracy at chance); 3e-4 learns (egs/mini/asr1/EXPERIMENTS.md, 2026-12-02)
    learning_rate: float = field(default=3e-4, metadata={"help": "peak learning rate"})
    warmup_fraction: float = field(default=0.1, metadata={"help": "fraction of max_steps with a linear warmup"})
    clip_norm: float = field(default=10.0, metadata={"help": "gradient-norm clipping threshold"})
    final_dim: int = field(default=128, metadata={"help": "dimension of the projected outputs and label embeddings"})
    checkpoint_every: int = field(default=250, metadata={"help": "steps between checkpoints"})
    keep_checkpoints: int = field(default=2, metadata={"help": "checkpoints kept in out_dir"})
    log_every: int = field(default=25, metadata={"help": "steps between log lines"})
    seed: int = field(default=0, metadata={"help": "initialisation, data order, crops and masks"})

    def __post_init__(self):
        encoder_options(self.model)  # ConfigError for an unknown architecture
        positive = [
            "num_classes",
            "units_stride",
            "batch_size",
            "crop_frames",
            "min_frames",
            "max_steps",
            "final_dim",
            "checkpoint_every",
            "keep_checkpoints",
            "log_every",
        ]
        for name in positive:
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if not 0 <= self.warmup_fraction < 1:
            raise ConfigError(f"warmup_fraction must be in [0, 1), got {self.warmup_fraction}")

    @property
    def warmup_steps(self) -> int:
        """Steps of linear warmup."""
        return int(self.warmup_fraction * self.max_steps)

    @property
    def geometry(self) -> FrameGeometry:
        """Frame geometry of the model's feature extractor."""
        return FrameGeometry.of(encoder_options(self.model)["extractor_conv_layer_config"])


def warmup_linear_decay(step: int, warmup_steps: int, max_steps: int) -> float:
    """Learning-rate factor: linear from 1/(warmup+1) to 1 over ``warmup_steps``, then linear to 0 at ``max_steps``."""
    if step < warmup_steps:
        return (step + 1) / (warmup_steps + 1)
    return max(0.0, (max_steps - step) / (max_steps - warmup_steps))


class HubertPretrainer:
    """The pretraining model, its optimizer and scheduler, and the step counter."""

    def __init__(self, config: PretrainConfig, out_dir: str | Path, device: str = "cpu"):
        self.config, self.out_dir, self.device = config, Path(out_dir), torch.device(device)
        torch.manual_seed(config.seed)
        self.model = build_pretrain_model(config.model, config.num_classes, config.final_dim).to(self.device).train()
        self.optimizer = torch.optim.AdamW(self.model.parameters(), lr=config.learning_rate, **ADAMW)
        schedule = functools.partial(warmup_linear_decay, warmup_steps=config.warmup_steps, max_steps=config.max_steps)
        self.scheduler = torch.optim.lr_scheduler.LambdaLR(self.optimizer, schedule)
        self.step = 0

    def train_step(self, waves: torch.Tensor, labels: torch.Tensor) -> dict[str, float]:
        """One update on waveforms (B, S) and frame labels (B, T); returns loss, accuracy, lr, grad norm."""
        torch.manual_seed(step_seed(self.config.seed, MODEL_STREAM, self.step))
        logit_m, _, feature_penalty = self.model(waves.to(self.device), labels.to(self.device))
        loss, accuracy = masked_prediction_loss(logit_m, feature_penalty)
        self.optimizer.zero_grad()
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.config.clip_norm)
        if not torch.isfinite(grad_norm):
            raise FloatingPointError(f"step {self.step}: non-finite gradient norm; lower the learning rate")
        lr = self.scheduler.get_last_lr()[0]
        self.optimizer.step()
        self.scheduler.step()
        self.step += 1
        return {"loss": loss.item(), "masked_acc": accuracy, "lr": lr, "grad_norm": grad_norm.item()}

    def save_checkpoint(self) -> Path:
        """Write the checkpoint of the current step and delete all but the newest ``keep_checkpoints``."""
        state = {
            "config": dataclasses.asdict(self.config),
            "model": self.model.state_dict(),
            "step": self.step,
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
        }
        return write_checkpoint(self.out_dir, self.step, state, self.config.keep_checkpoints)

    def resume(self) -> bool:
        """Load the newest checkpoint in ``out_dir``, if any; True when one was loaded."""
        latest = latest_checkpoint(self.out_dir)
        if latest is None:
            return False
        state = torch.load(latest, map_location=self.device, weights_only=True)
        try:
            self.model.load_state_dict(state["model"])
        except RuntimeError as err:
            raise ConfigError(f"{latest}: checkpoint does not fit the configured model: {err}") from err
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step = state["step"]
        log.info("resumed from %s (step %d)", latest, self.step)
        return True

    def fit(self, batches: PretrainBatches) -> Path:
        """Train until ``max_steps`` (logging, checkpointing on the way); write and return the encoder."""
        window, started = [], time.monotonic()
        while self.step < self.config.max_steps:
            window.append(self.train_step(*batches(self.step)))
            if self.step % self.config.log_every == 0 or self.step == self.config.max_steps:
                self._log(window, time.monotonic() - started)
                window, started = [], time.monotonic()
            if self.step % self.config.checkpoint_every == 0 or self.step == self.config.max_steps:
                self.save_checkpoint()
        return self.finish()

    def _log(self, window: list[dict[str, float]], seconds: float) -> None:
        means = {key: sum(stats[key] for stats in window) / len(window) for key in window[0]}
        log.info(
            "step %d/%d: loss %.4f masked_acc %.4f lr %.3g grad_norm %.3g (%.3f steps/s)",
            self.step,
            self.config.max_steps,
            means["loss"],
            means["masked_acc"],
            means["lr"],
            means["grad_norm"],
            len(window) / seconds,
        )

    def finish(self) -> Path:
        """Write the encoder's state dict (``SSLReader`` loads it) and its ``.done`` marker; return its path."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        encoder = self.out_dir / ENCODER
        save_atomic(encoder, self.model.wav2vec2.state_dict())
        done_marker(encoder).touch()
        return encoder


def pretrain_hubert(
    data_dir: str | Path, units_scp: str | Path, config: PretrainConfig, out_dir: str | Path, device: str = "cpu"
) -> Path:
    """Pretrain (or resume pretraining) on a data dir and its units scp; return ``<out_dir>/encoder.pt``.

    Does nothing when ``encoder.pt.done`` exists.
    """
    encoder = Path(out_dir) / ENCODER
    if is_done(encoder):
        log.info("%s is done; skipping", encoder)
        return encoder
    batches = PretrainBatches(
        data_dir,
        units_scp,
        config.num_classes,
        config.geometry,
        config.batch_size,
        config.crop_frames,
        config.units_stride,
        config.min_frames,
        config.seed,
    )
    log.info("pretraining %s on %d utterances of %s", config.model, len(batches.utts), data_dir)
    trainer = HubertPretrainer(config, out_dir, device)
    trainer.resume()
    return trainer.fit(batches)
