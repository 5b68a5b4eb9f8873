"""HuBERT masked-prediction pretraining of the small architectures of :mod:`softassign.features.ssl`.

:mod:`.data` makes aligned (waveform crop, frame label) batches from a data dir
and a units scp; :mod:`.pretrain` trains torchaudio's ``HuBERTPretrainModel``
on them and saves the encoder as a state dict that ``SSLReader`` loads
(``{type: ssl, model: small_hubert, layer: N, checkpoint: <out_dir>/encoder.pt}``).
"""
