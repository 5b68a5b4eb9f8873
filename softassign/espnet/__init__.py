"""ESPnet integration: the unit-embedding ASR frontend, its registration and inference helpers.

Importing this package first silences g2p_en's import-time ``nltk.download`` and ESPnet's import-time notices
(:mod:`softassign.espnet.offline`), so every module below may import espnet2.
"""

from softassign.espnet.offline import import_espnet_quietly, silence_nltk_download

silence_nltk_download()
import_espnet_quietly()
