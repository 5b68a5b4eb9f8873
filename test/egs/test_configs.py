"""Dry run of every ESPnet training config of the recipes (egs/*/asr1/conf/train_*.yaml): it parses
with the task's parser and builds its model, without data, with the recipe's K, token list size and feature
reader (the continuous configs' frontend computes the layer: LibriSpeech's WavLM Large loads through its
torchaudio bundle from a seeded hub cache); the parameter count is printed and checked for the size. The
asr2 configs (ESPnet's discrete ASR, stage 8) build with ESPnet's MT task and the recipe's source BPE size."""

from pathlib import Path

import numpy as np
import pytest
import yaml
from recipe_tools import ROOT

from softassign.bin.mt_train import SoftassignMTTask
from softassign.conf import inline_yaml, load_yaml
from softassign.espnet.tasks import SoftassignASRTask

CONFIGS = sorted(c for c in ROOT.glob("egs/*/asr1/conf/train_*.yaml") if not c.name.startswith("train_asr2"))
ASR2_CONFIGS = sorted(ROOT.glob("egs/*/asr1/conf/train_asr2*.yaml"))


class Recipe:
    """What asr.sh passes to a recipe's training: K, the token list size, the feature reader conf."""

    def __init__(
        self, num_units: int, vocab_size: int, feats_conf: str, params: tuple[float, float], src_nbpe: int = 300
    ):
        self.num_units, self.vocab_size, self.params, self.src_nbpe = num_units, vocab_size, params, src_nbpe
        self.feats_conf = ROOT / "egs" / feats_conf


#: Full-size recipes (BPE 5000, WavLM Large 1024-dim; ESPnet asr2's source BPE 6000) against the small CPU
#: ones (characters, MFCC 39-dim).
RECIPES = {"librispeech": Recipe(1024, 5000, "librispeech/asr1/conf/feats/wavlm_large_l21.yaml", (25e6, 60e6), 6000)}
SMALL = Recipe(128, 32, "mini/asr1/conf/feats/mfcc.yaml", (1e4, 10e6))


def token_list(path: Path, size: int) -> Path:
    """A stand-in ESPnet token list of ``size`` entries."""
    path.write_text("\n".join(["<blank>", "<unk>"] + [f"t{i}" for i in range(size - 3)] + ["<sos/eos>"]))
    return path


def recipe_of(config: Path) -> Recipe:
    return RECIPES.get(config.relative_to(ROOT / "egs").parts[0], SMALL)


def training_args(config: Path, recipe: Recipe, tmp_path: Path) -> list[str]:
    """The options asr.sh adds to the config (stage 6 or 7), with a stand-in token list and statistics."""
    tokens = token_list(tmp_path / "tokens.txt", recipe.vocab_size)
    args = ["--config", str(config), "--token_list", str(tokens), "--output_dir", str(tmp_path / "exp")]
    settings = yaml.safe_load(config.read_text())
    reader = inline_yaml(load_yaml(recipe.feats_conf))
    if settings.get("frontend") == "unit_embedding":
        return args + ["--frontend_conf", f"num_units={recipe.num_units}", "--frontend_conf", f"reader={reader}"]
    dim = feats_dim(recipe)
    stats = tmp_path / "feats_stats.npz"
    np.savez(stats, count=np.array(100), sum=np.zeros(dim), sum_square=np.full(dim, 100.0))
    return [
        *args,
        "--frontend_conf",
        f"reader={reader}",
        "--normalize",
        "global_mvn",
        "--normalize_conf",
        f"stats_file={stats}",
    ]


def feats_dim(recipe: Recipe) -> int:
    """The dimension of the recipe's feature layer (WavLM Large: 1024, MFCC with deltas: 39)."""
    return 1024 if "wavlm_large" in recipe.feats_conf.name else 39


def test_there_are_full_size_configs():
    names = {str(c.relative_to(ROOT / "egs")) for c in CONFIGS}
    assert {
        "librispeech/asr1/conf/train_asr_units_ebranchformer.yaml",
        "librispeech/asr1/conf/train_asr_continuous_ebranchformer.yaml",
        "TEMPLATE/asr1/conf/train_asr_units.yaml",
    } <= names
    assert "librispeech/asr1/conf/train_asr2_ebranchformer.yaml" in {
        str(c.relative_to(ROOT / "egs")) for c in ASR2_CONFIGS
    }


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: str(c.relative_to(ROOT / "egs")))
def test_config_builds_its_model(config, tmp_path, seeded_torch_home, monkeypatch):
    recipe = recipe_of(config)
    monkeypatch.setenv("TORCH_HOME", str(seeded_torch_home("wavlm_large")))
    args = SoftassignASRTask.get_parser().parse_args(training_args(config, recipe, tmp_path))
    model = SoftassignASRTask.build_model(args)
    params = sum(p.numel() for p in model.parameters())
    print(f"{config.relative_to(ROOT / 'egs')}: {params / 1e6:.2f} M parameters")
    low, high = recipe.params
    assert low <= params <= high
    assert model.vocab_size == recipe.vocab_size and model.ctc.ctc_lo.out_features == recipe.vocab_size
    if hasattr(model.frontend, "embedding"):
        assert model.frontend.embedding.num_embeddings == recipe.num_units
    else:
        assert model.frontend.output_size() == feats_dim(recipe)
        assert model.normalize is not None and model.normalize.mean.shape == (feats_dim(recipe),)


@pytest.mark.parametrize("config", ASR2_CONFIGS, ids=lambda c: str(c.relative_to(ROOT / "egs")))
def test_asr2_config_builds_espnets_discrete_asr(config, tmp_path):
    recipe = recipe_of(config)
    args = SoftassignMTTask.get_parser().parse_args(
        [
            "--config",
            str(config),
            "--token_list",
            str(token_list(tmp_path / "tokens.txt", recipe.vocab_size)),
            "--src_token_list",
            str(token_list(tmp_path / "src_tokens.txt", recipe.src_nbpe)),
            "--output_dir",
            str(tmp_path / "exp"),
        ]
    )
    model = SoftassignMTTask.build_model(args)
    params = sum(p.numel() for p in model.parameters())
    print(f"{config.relative_to(ROOT / 'egs')}: {params / 1e6:.2f} M parameters")
    low, high = recipe.params
    assert type(model).__name__ == "ESPnetDiscreteASRModel" and low <= params <= high
    assert model.vocab_size == recipe.vocab_size and model.src_vocab_size == recipe.src_nbpe
