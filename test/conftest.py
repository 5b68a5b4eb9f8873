"""Shared pytest fixtures: small Kaldi data dirs with synthetic audio, made in a tmp dir; the Slurm cluster."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile


def write_tone(path: Path, seconds: float, freq: float, rate: int = 16000, seed: int = 0) -> None:
    """A tone with a little noise, as 16-bit wav (distinct utterances get distinct spectra)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    wave = 0.3 * np.sin(2 * np.pi * freq * t) + 0.02 * rng.standard_normal(len(t))
    soundfile.write(path, wave.astype(np.float32), rate, subtype="PCM_16")


def make_data_dir(root: Path, num_utts: int = 6, rate: int = 16000, name: str = "data") -> Path:
    """A Kaldi data dir of ``num_utts`` tone utterances from two speakers (wav.scp, text, utt2spk)."""
    data = root / name
    wav_dir = root / f"{name}_wav"
    data.mkdir(parents=True)
    wav_dir.mkdir()
    wav_scp, text, utt2spk = [], [], []
    for i in range(num_utts):
        spk = f"spk{i % 2}"
        utt = f"{spk}-utt{i:03d}"
        path = wav_dir / f"{utt}.wav"
        write_tone(path, 0.5 + 0.1 * i, 200 + 90 * i, rate, seed=i)
        wav_scp.append(f"{utt} {path}")
        text.append(f"{utt} HELLO WORLD {i}")
        utt2spk.append(f"{utt} {spk}")
    for fname, lines in [("wav.scp", wav_scp), ("text", text), ("utt2spk", utt2spk)]:
        (data / fname).write_text("\n".join(sorted(lines)) + "\n")
    return data


@pytest.fixture(name="write_tone")
def write_tone_fixture():
    """The :func:`write_tone` helper, for tests in any directory."""
    return write_tone


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Six utterances of tones at 16 kHz."""
    return make_data_dir(tmp_path)


ROOT = Path(__file__).resolve().parents[1]


SLURM_TIMEOUT_S = 300  # a Slurm unit test; a drained or down node fails it instead of hanging sbatch --wait
SLURM_RECIPE_TIMEOUT_S = 1200  # a whole recipe through Slurm (up to ~15 minutes)
READY_NODE_STATES = {"idle", "mixed", "allocated", "completing"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses ``slurm_cluster`` as ``slurm`` (``-m "not slurm"`` deselects them) with a timeout.

    The timeout (pytest-timeout) is 1200 s for recipe tests (module name with
    "recipe" or "librispeech"), else 300 s, unless the test sets its own.
    """
    for item in items:
        if "slurm_cluster" not in getattr(item, "fixturenames", ()):
            continue
        item.add_marker(pytest.mark.slurm)
        if item.get_closest_marker("timeout") is None:
            module = item.module.__name__
            is_recipe = "recipe" in module or "librispeech" in module
            item.add_marker(pytest.mark.timeout(SLURM_RECIPE_TIMEOUT_S if is_recipe else SLURM_TIMEOUT_S))


def check_node_ready(slurm_conf: str) -> None:
    """Fail (with sinfo's output) unless the cluster's node is idle, mixed, allocated or completing."""
    env = {**os.environ, "SLURM_CONF": slurm_conf}
    sinfo = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, env=env, check=False)
    states = sinfo.stdout.split()
    if sinfo.returncode != 0 or not states or not set(states) <= READY_NODE_STATES:
        output = sinfo.stdout + sinfo.stderr
        pytest.fail(f"the Slurm node is not ready (sinfo -h -o %T, exit {sinfo.returncode}):\n{output}")


@pytest.fixture(scope="session")
def slurm_cluster() -> Iterator[str]:
    """The one-node Slurm cluster of tools/slurm/start_cluster.sh, started once; yields its SLURM_CONF.

    Without ``sbatch`` the test is skipped, or fails when the ``CI`` environment
    variable is set. A node that is not ready (drained, down) fails the test.
    ``SLURM_CONF`` is exported for the session. The cluster is left running
    (other sessions may use it): tools/slurm/stop_cluster.sh stops it.
    """
    if shutil.which("sbatch") is None:
        message = "sbatch not found: tools/install.sh installs slurm-wlm"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    started = subprocess.run([ROOT / "tools/slurm/start_cluster.sh"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        pytest.fail(f"tools/slurm/start_cluster.sh failed:\n{started.stdout}{started.stderr}")
    slurm_conf = started.stdout.rpartition("SLURM_CONF=")[2].strip()
    check_node_ready(slurm_conf)
    with pytest.MonkeyPatch.context() as session_patch:
        session_patch.setenv("SLURM_CONF", slurm_conf)
        yield slurm_conf


@pytest.fixture(scope="session")
def seeded_torch_home(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """``seed(model)`` saves seeded random weights of that torchaudio bundle where torch.hub looks first.

    Returns the session's TORCH_HOME after seeding (once per model); set it as ``TORCH_HOME`` so that
    ``torchaudio.pipelines.<BUNDLE>.get_model()``, and so the feature readers, load them offline.
    """
    from ssl_hub import seed_bundle_weights

    torch_home = tmp_path_factory.mktemp("torch_home")

    def seed(model: str) -> Path:
        seed_bundle_weights(torch_home, model)
        return torch_home

    return seed
