"""Units-to-waveform synthesis: a HiFi-GAN unit vocoder trained on hard ids, run hard or soft.

* :mod:`softassign.tts.config`     YAML config (model, discriminator, training) and its checks
* :mod:`softassign.tts.vocoder`    :class:`UnitVocoder` (unit embedding + ESPnet HiFi-GAN generator)
* :mod:`softassign.tts.data`       random aligned (unit ids, waveform) segments for training
* :mod:`softassign.tts.train`      :class:`VocoderTrainer` (HiFi-GAN losses, Adam, resumable checkpoints)
* :mod:`softassign.tts.synthesize` units/features scp -> wav files + wav.scp
"""
