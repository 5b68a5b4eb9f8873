"""Plan and write the synthetic corpus: Kaldi data dirs for train, dev and four test conditions.

Splits (sentence sets from :func:`softassign.synthetic_corpus.text.disjoint_sentence_sets`):

* ``train``: train voices x train sentences (each sentence said by up to
  ``len(train voices)`` different voices, voices used evenly); the train voices
  are every registered voice that is not held out, or the ``train_voices`` chosen;
* ``dev``: train voices x dev sentences;
* ``test_in``: train voices x test sentences (unseen text, seen voices);
* ``test_voice``: held-out voices x the same test sentences;
* ``test_accent``: accented espeak-ng voices (``acc_<profile>_<voice>``) x the same test sentences
  (accents on the espeak-ng voices that are not held out, whatever ``train_voices`` says);
* ``test_real``: recorded Asterisk prompts (empty when the Debian packages are missing);
* ``train_real`` (written only when asked for, see :data:`OPTIONAL_SPLITS`): every other usable Asterisk
  prompt, so that a recipe can train on real speech and test on held-out prompts of the same speaker.

Utterance ids are ``<speaker>-<sentence id>`` with speaker ids made of
``[a-z0-9_]``, so sorting by utterance sorts by speaker too (Kaldi order).
Wav files are named after the utterance and a digest of (voice, text), so a
rerun reuses exactly the wavs it would write again and nothing stale.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import random
from dataclasses import dataclass
from pathlib import Path

from joblib import Parallel, delayed

from softassign.datadir import write_data_dir
from softassign.errors import ConfigError
from softassign.synthetic_corpus import accents, real
from softassign.synthetic_corpus.text import disjoint_sentence_sets
from softassign.synthetic_corpus.voices import HELD_OUT_VOICES, EspeakVoice, Voice, get_voice, train_voice_names
from softassign.synthetic_corpus.wavio import is_corpus_wav, remove_partial_writes
from softassign.text import normalize_transcript

log = logging.getLogger(__name__)

SPLITS = ("train", "dev", "test_in", "test_voice", "test_accent", "test_real")
#: Splits written only when named (``write_corpus(splits=...)``): real speech for training.
OPTIONAL_SPLITS = ("train_real",)
REAL_MIN_WORDS, REAL_MAX_WORDS = 4, 20


@dataclass(frozen=True)
class CorpusConfig:
    """Sizes (utterances per split, number of train sentences), seed and the voices of each condition.

    ``train_voices`` (empty: every voice not held out) speak train, dev and test_in;
    one voice makes a single-speaker corpus (a vocoder's target voice).
    """

    train_utts: int = 300
    train_sentences: int = 200
    dev_utts: int = 30
    test_utts: int = 30
    real_utts: int = 30
    seed: int = 0
    held_out_voices: tuple[str, ...] = HELD_OUT_VOICES
    accent_profiles: tuple[str, ...] = tuple(accents.PROFILES)
    train_voices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Utterance:
    """One planned utterance: ``voice`` says ``text``; ``transcript`` is its normalised form."""

    utt: str
    voice: Voice
    text: str

    @property
    def transcript(self) -> str:
        """The text as it goes into the ``text`` file."""
        return normalize_transcript(self.text)

    @property
    def speaker(self) -> str:
        """The speaker id (the voice name)."""
        return self.voice.name

    def wav_name(self) -> str:
        """``<utt>.<digest of voice and text>.wav``."""
        digest = hashlib.sha1(f"{self.voice!r}\n{self.text}".encode()).hexdigest()[:10]
        return f"{self.utt}.{digest}.wav"


def pair_voices(sentences: dict[str, str], voices: list[Voice], num_utts: int) -> list[Utterance]:
    """``num_utts`` distinct (voice, sentence) utterances, cycling through sentences and voices evenly.

    Round ``k`` over the sentences gives sentence ``j`` voice ``(j + k) % len(voices)``,
    so a sentence is never said twice by the same voice.
    """
    if num_utts > len(sentences) * len(voices):
        raise ConfigError(f"{num_utts} utterances need more than {len(sentences)} sentences x {len(voices)} voices")
    items = list(sentences.items())
    utterances = []
    for index in range(num_utts):
        round_, j = divmod(index, len(items))
        sentence_id, text = items[j]
        voice = voices[(j + round_) % len(voices)]
        utterances.append(Utterance(f"{voice.name}-{sentence_id}", voice, text))
    return utterances


def accent_voices(profiles: tuple[str, ...], train_voices: list[Voice]) -> list[Voice]:
    """One accented voice per profile, on the espeak-ng train voices in turn."""
    bases = [voice for voice in train_voices if isinstance(voice, EspeakVoice)]
    if not bases:
        raise ConfigError("accented speech needs an espeak-ng voice among the train voices")
    return [accents.accented_voice(profile, base) for profile, base in zip(profiles, itertools.cycle(bases))]


def real_splits(num_test_utts: int, seed: int) -> tuple[list[Utterance], list[Utterance]]:
    """(test, train) utterances of the Asterisk prompts: a seeded sample of ``num_test_utts`` prompts of
    REAL_MIN_WORDS..REAL_MAX_WORDS words to test on, and every other usable prompt (any length) to train on."""
    prompts = real.load_asterisk_prompts()
    testable = [prompt for prompt in prompts if REAL_MIN_WORDS <= len(prompt.transcript.split()) <= REAL_MAX_WORDS]
    chosen = random.Random(seed).sample(testable, min(num_test_utts, len(testable)))
    held_out = {prompt.key for prompt in chosen}
    rest = [prompt for prompt in prompts if prompt.key not in held_out]
    return [_prompt_utterance(prompt) for prompt in chosen], [_prompt_utterance(prompt) for prompt in rest]


def _prompt_utterance(prompt: real.RecordedPrompt) -> Utterance:
    return Utterance(f"{prompt.name}-{prompt.utt_suffix}", prompt, prompt.transcript)


def chosen_train_voices(names: tuple[str, ...], not_held_out: list[Voice]) -> list[Voice]:
    """The voices ``names`` (all of ``not_held_out`` when empty); ConfigError for a held-out or unknown one."""
    if not names:
        return not_held_out
    allowed = {voice.name: voice for voice in not_held_out}
    for name in names:
        get_voice(name)
        if name not in allowed:
            raise ConfigError(f"train voice {name!r} is held out; choose among {', '.join(allowed)}")
    return [allowed[name] for name in names]


def _numbered(prefix: str, sentences: list[str]) -> dict[str, str]:
    return {f"{prefix}{index:05d}": sentence for index, sentence in enumerate(sentences)}


def plan_corpus(config: CorpusConfig) -> dict[str, list[Utterance]]:
    """Every split's utterances, :data:`SPLITS` then :data:`OPTIONAL_SPLITS` (deterministic for ``config``)."""
    sentences = disjoint_sentence_sets(
        config.seed, {"te": config.test_utts, "dv": config.dev_utts, "tr": config.train_sentences}
    )
    test, dev, train = (_numbered(prefix, sentences[prefix]) for prefix in ("te", "dv", "tr"))
    rng = random.Random(config.seed)
    not_held_out = [get_voice(name) for name in train_voice_names(config.held_out_voices)]
    train_voices = chosen_train_voices(config.train_voices, not_held_out)
    held_out = [get_voice(name) for name in config.held_out_voices]

    def shuffled(voices: list[Voice]) -> list[Voice]:
        return rng.sample(voices, len(voices))

    test_real, train_real = real_splits(config.real_utts, config.seed)
    return {
        "train": pair_voices(train, shuffled(train_voices), config.train_utts),
        "dev": pair_voices(dev, shuffled(train_voices), config.dev_utts),
        "test_in": pair_voices(test, shuffled(train_voices), config.test_utts),
        "test_voice": pair_voices(test, shuffled(held_out), config.test_utts),
        "test_accent": pair_voices(test, accent_voices(config.accent_profiles, not_held_out), config.test_utts),
        "test_real": test_real,
        "train_real": train_real,
    }


def synthesize_missing(utterances: list[Utterance], wav_dir: Path, num_jobs: int) -> dict[str, Path]:
    """Write the wavs that are not already valid; return ``utt -> absolute wav path``.

    Scratch dirs that a killed run left in ``wav_dir`` are removed first.
    """
    wav_dir = wav_dir.resolve()
    for partial in remove_partial_writes(wav_dir):
        log.info("removed %s, left by an interrupted run", partial)
    paths = {u.utt: wav_dir / u.wav_name() for u in utterances}
    missing = [u for u in utterances if not is_corpus_wav(paths[u.utt])]
    log.info("%s: %d of %d wavs to synthesise", wav_dir, len(missing), len(utterances))
    Parallel(n_jobs=num_jobs)(delayed(u.voice.synthesize)(u.text, paths[u.utt]) for u in missing)
    return paths


def write_split_dir(utterances: list[Utterance], wav_paths: dict[str, Path], data_dir: Path) -> None:
    """Write the split's data dir whole (:func:`softassign.datadir.write_data_dir`: readers never see a mix)."""
    write_data_dir(
        data_dir,
        wav_scp={u.utt: str(wav_paths[u.utt]) for u in utterances},
        text={u.utt: u.transcript for u in utterances},
        utt2spk={u.utt: u.speaker for u in utterances},
    )


def write_corpus(
    config: CorpusConfig, data_root: Path, wav_root: Path, splits: tuple[str, ...] = SPLITS, num_jobs: int = 1
) -> dict[str, int]:
    """Synthesise and write ``data_root/<split>`` for each split (wavs in ``wav_root/<split>``); returns sizes.

    A split with no utterances (``test_real`` without the Asterisk packages)
    is skipped with a warning and gets no data dir.
    """
    unknown = sorted(set(splits) - set(SPLITS) - set(OPTIONAL_SPLITS))
    if unknown:
        raise ConfigError(f"unknown split {unknown[0]!r}; splits are {', '.join(SPLITS + OPTIONAL_SPLITS)}")
    plan = plan_corpus(config)
    sizes = {}
    for split in splits:
        if not plan[split]:
            log.warning("split %s has no utterances; not writing %s", split, data_root / split)
            continue
        wav_paths = synthesize_missing(plan[split], wav_root / split, num_jobs)
        write_split_dir(plan[split], wav_paths, data_root / split)
        sizes[split] = len(plan[split])
        log.info("wrote %s (%d utterances)", data_root / split, sizes[split])
    return sizes
