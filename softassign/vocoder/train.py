"""HiFi-GAN training of a :class:`UnitVocoder` on random aligned (unit ids, waveform) segments.

One step = one discriminator update (real vs generated segments) followed by
one generator update (weighted mel-spectrogram L1 + adversarial + feature
matching losses), all from :mod:`espnet2.gan_tts.hifigan`. Before
``adversarial_start_step`` only the mel loss trains the generator.

``out_dir`` holds ``checkpoint.<step>.pt`` (the last ``keep_checkpoints``
of them); :meth:`VocoderTrainer.resume` continues from the newest one. When
``max_steps`` is reached ``vocoder.pt`` (generator and embedding only) and
``vocoder.pt.done`` are written.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import torch
from espnet2.gan_tts.hifigan import HiFiGANMultiScaleMultiPeriodDiscriminator
from espnet2.gan_tts.hifigan.loss import (
    DiscriminatorAdversarialLoss,
    FeatureMatchLoss,
    GeneratorAdversarialLoss,
    MelSpectrogramLoss,
)

from softassign.arkio import done_marker, is_done
from softassign.checkpoint import latest_checkpoint, write_checkpoint
from softassign.errors import ConfigError
from softassign.vocoder.config import TrainConfig, VocoderConfig
from softassign.vocoder.data import StepBatches, UnitWaveDataset
from softassign.vocoder.model import UnitVocoder, save_vocoder, vocoder_state

log = logging.getLogger(__name__)

FINAL_MODEL = "vocoder.pt"


class VocoderTrainer:
    """Generator + discriminator, their Adam optimisers and losses, and the step counter."""

    def __init__(self, vocoder: UnitVocoder, config: TrainConfig, out_dir: str | Path, device: str = "cpu"):
        self.config, self.out_dir, self.device = config, Path(out_dir), torch.device(device)
        self.vocoder = vocoder.to(self.device).train()
        try:
            self.discriminator = HiFiGANMultiScaleMultiPeriodDiscriminator(**config.discriminator).to(self.device)
            self.mel_loss = MelSpectrogramLoss(fs=vocoder.config.sample_rate, **config.mel_loss).to(self.device)
        except TypeError as err:
            raise ConfigError(f"train.discriminator / train.mel_loss: {err}") from err
        adam = {"lr": config.learning_rate, "betas": tuple(config.betas)}
        self.optim_g = torch.optim.Adam(self.vocoder.parameters(), **adam)
        self.optim_d = torch.optim.Adam(self.discriminator.parameters(), **adam)
        self.generator_adversarial = GeneratorAdversarialLoss()
        self.discriminator_adversarial = DiscriminatorAdversarialLoss()
        self.feature_match = FeatureMatchLoss()
        self.step = 0

    def train_step(self, ids: torch.Tensor, waves: torch.Tensor) -> dict[str, float]:
        """One update on a batch of ids (B, S) and waveforms (B, S * hop_length); returns the losses."""
        ids, real = ids.to(self.device), waves.to(self.device)[:, None, :]
        fake = self.vocoder(ids)
        adversarial = self.step >= self.config.adversarial_start_step
        losses = self._discriminator_update(real, fake) if adversarial else {}
        losses.update(self._generator_update(real, fake, adversarial))
        self.step += 1
        return losses

    def _discriminator_update(self, real: torch.Tensor, fake: torch.Tensor) -> dict[str, float]:
        real_loss, fake_loss = self.discriminator_adversarial(
            self.discriminator(fake.detach()), self.discriminator(real)
        )
        self.optim_d.zero_grad()
        (real_loss + fake_loss).backward()
        self.optim_d.step()
        return {"d_real": real_loss.item(), "d_fake": fake_loss.item()}

    def _generator_update(self, real: torch.Tensor, fake: torch.Tensor, adversarial: bool) -> dict[str, float]:
        mel = self.mel_loss(fake, real)
        loss = self.config.mel_loss_weight * mel
        losses = {"mel": mel.item()}
        if adversarial:
            fake_out = self.discriminator(fake)
            with torch.no_grad():
                real_out = self.discriminator(real)
            adv, feat = self.generator_adversarial(fake_out), self.feature_match(fake_out, real_out)
            loss = loss + self.config.adversarial_weight * adv + self.config.feat_match_weight * feat
            losses.update(g_adv=adv.item(), feat_match=feat.item())
        self.optim_g.zero_grad()
        loss.backward()
        self.optim_g.step()
        return losses

    def save_checkpoint(self) -> Path:
        """Write the checkpoint of the current step and delete all but the newest ``keep_checkpoints``."""
        state = vocoder_state(
            self.vocoder,
            step=self.step,
            discriminator=self.discriminator.state_dict(),
            optim_g=self.optim_g.state_dict(),
            optim_d=self.optim_d.state_dict(),
            rng=torch.get_rng_state(),
        )
        return write_checkpoint(self.out_dir, self.step, state, self.config.keep_checkpoints)

    def resume(self) -> bool:
        """Load the newest checkpoint in ``out_dir``, if any; True when one was loaded."""
        latest = latest_checkpoint(self.out_dir)
        if latest is None:
            return False
        state = torch.load(latest, map_location=self.device, weights_only=True)
        try:
            self.vocoder.load_state_dict(state["vocoder"])
            self.discriminator.load_state_dict(state["discriminator"])
        except RuntimeError as err:
            raise ConfigError(f"{latest}: checkpoint does not fit the configured model: {err}") from err
        self.optim_g.load_state_dict(state["optim_g"])
        self.optim_d.load_state_dict(state["optim_d"])
        torch.set_rng_state(state["rng"].cpu())
        self.step = state["step"]
        log.info("resumed from %s (step %d)", latest, self.step)
        return True

    def fit(self, loader: Iterable[tuple[torch.Tensor, torch.Tensor]]) -> Path:
        """Train on the loader's batches until ``max_steps`` (checkpointing on the way); write the final model.

        The loader yields the batch of the current step first (:class:`StepBatches` from ``self.step``).
        """
        batches = iter(loader)
        while self.step < self.config.max_steps:
            losses = self.train_step(*next(batches))
            if self.step % self.config.log_every == 0:
                log.info("step %d: %s", self.step, " ".join(f"{k}={v:.4f}" for k, v in losses.items()))
            if self.step % self.config.checkpoint_every == 0:
                self.save_checkpoint()
        return self.finish()

    def finish(self) -> Path:
        """Write the final model (vocoder only) and its ``.done`` marker."""
        self.out_dir.mkdir(parents=True, exist_ok=True)
        final = self.out_dir / FINAL_MODEL
        save_vocoder(final, self.vocoder, step=self.step)
        done_marker(final).touch()
        return final


def train_vocoder(
    units_scp: str | Path,
    data_dir: str | Path,
    vocoder_config: VocoderConfig,
    config: TrainConfig,
    out_dir: str | Path,
    device: str = "cpu",
) -> Path:
    """Train (or resume training) a vocoder on a units scp and a data dir; returns the final model path.

    Does nothing when ``<out_dir>/vocoder.pt.done`` exists.
    """
    final = Path(out_dir) / FINAL_MODEL
    if is_done(final):
        log.info("%s is done; skipping", final)
        return final
    torch.manual_seed(config.seed)
    dataset = UnitWaveDataset(
        units_scp,
        data_dir,
        vocoder_config.num_units,
        vocoder_config.sample_rate,
        vocoder_config.hop_length,
        config.segment_frames,
    )
    trainer = VocoderTrainer(UnitVocoder(vocoder_config), config, out_dir, device)
    trainer.resume()
    steps = StepBatches(len(dataset), config.batch_size, config.seed, start_step=trainer.step)
    loader = torch.utils.data.DataLoader(dataset, batch_sampler=steps, num_workers=config.num_workers)
    return trainer.fit(loader)
