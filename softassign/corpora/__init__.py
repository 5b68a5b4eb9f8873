"""Corpus preparation: release layouts on disk -> Kaldi data dirs (:func:`softassign.datadir.write_data_dir`).

* :mod:`softassign.corpora.librispeech`: LibriSpeech splits and their unions (train_960, dev).
* :mod:`softassign.corpora.l2arctic`: L2-ARCTIC speakers, their native languages and annotations.
* :mod:`softassign.corpora.ljspeech`: LJSpeech-1.1 clips, split into tr_no_dev, dev and eval1 as ESPnet does.
"""
