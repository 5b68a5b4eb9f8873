"""Units-to-waveform synthesis: a HiFi-GAN unit vocoder trained on hard ids, run hard or soft.

* :mod:`softassign.vocoder.config`     YAML config (model, discriminator, training) and its checks
* :mod:`softassign.vocoder.model`      :class:`UnitVocoder` (unit embedding + ESPnet HiFi-GAN generator)
* :mod:`softassign.vocoder.data`       random aligned (unit ids, waveform) segments for training
* :mod:`softassign.vocoder.train`      :class:`VocoderTrainer` (HiFi-GAN losses, Adam, resumable checkpoints)
* :mod:`softassign.vocoder.synthesize` units/features scp -> wav files + wav.scp
"""
