"""A CTC-only model (``ctc_weight: 1.0``, as the bench's configs): ESPnet builds it without a decoder and averages
it by validation loss; the recipe's model lookup and both searches must work on it."""

from __future__ import annotations

import pytest
from asr_setup import CONF, AsrData, TrainedModel, ctc_best_paths, decode, train, unit_model_options

from softassign.benchmarks.unit_model import averaged_model
from softassign.espnet.inference import load_speech2text

pytestmark = pytest.mark.slow  # trains a model


@pytest.fixture(scope="module")
def ctc_model(asr_data: AsrData, tmp_path_factory: pytest.TempPathFactory) -> TrainedModel:
    """The tiny unit model trained with the CTC loss alone; its model file found as the benchmarks find it."""
    out = tmp_path_factory.mktemp("ctc_only")
    trained = train(CONF / "train_asr_units_ctc.yaml", asr_data, "units", out, 20, *unit_model_options(asr_data))
    return TrainedModel(trained.config, averaged_model(trained.config.parent))


def test_a_ctc_only_model_has_no_decoder_and_is_averaged_by_loss(ctc_model) -> None:
    assert ctc_model.model_file.name == "valid.loss.ave.pth" and ctc_model.model_file.is_file()
    assert load_speech2text(str(ctc_model.config), str(ctc_model.model_file)).asr_model.decoder is None


def test_both_searches_decode_a_ctc_only_model_and_greedy_gives_its_best_ctc_path(
    asr_data, ctc_model, tmp_path
) -> None:
    speech2text = load_speech2text(str(ctc_model.config), str(ctc_model.model_file))
    best_paths = ctc_best_paths(speech2text, asr_data.units_scp)
    assert len(set(best_paths.values())) > 1  # trained enough to tell utterances apart
    units = ["--units_scp", str(asr_data.units_scp)]
    greedy = decode(ctc_model, tmp_path / "greedy", *units, "--search", "greedy_ctc")
    beam = decode(ctc_model, tmp_path / "beam", *units, "--beam_size", "1", "--ctc_weight", "1.0")  # the bench's
    assert greedy == best_paths
    assert beam.keys() == greedy.keys()  # CTC prefix scoring sums over alignments: not always the best path
