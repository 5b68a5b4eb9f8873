import json

import kaldiio
import numpy as np
import pytest
import torch

from softassign.bin.select_tau import main
from softassign.errors import ConfigError
from softassign.units.assign import soft_posteriors
from softassign.units.centroids import save_centroids


@pytest.fixture
def case(tmp_path):
    """Centroids, an in-domain feature scp (frames near the centroids) and a shifted one (scaled, further)."""
    rng = np.random.default_rng(0)
    centroids = rng.standard_normal((16, 4)).astype(np.float32) * 3
    save_centroids(tmp_path / "c.npy", centroids)
    frames = (centroids[rng.integers(0, 16, 400)] + rng.standard_normal((400, 4))).astype(np.float32)
    for name, data in (("f", frames), ("shifted", 2 * frames + 1)):
        with kaldiio.WriteHelper(f"ark,scp:{tmp_path / name}.ark,{tmp_path / name}.scp") as writer:
            writer["a"], writer["b"] = data[:200], data[200:]
    return tmp_path, centroids, frames


def mean_perplexity(frames: np.ndarray, centroids: np.ndarray, tau: float) -> float:
    probs = soft_posteriors(torch.from_numpy(frames), torch.from_numpy(centroids), tau)
    return float(np.exp(-(probs * probs.clamp_min(1e-30).log()).sum(1).mean().item()))


def test_writes_a_tau_that_meets_the_perplexity_target(case):
    tmp_path, centroids, frames = case
    main(["--centroids", str(tmp_path / "c.npy"), "--target_perplexity", "3", f"{tmp_path}/f.scp:{tmp_path}/tau.txt"])
    tau = float((tmp_path / "tau.txt").read_text())
    assert mean_perplexity(frames, centroids, tau) == pytest.approx(3.0, rel=0.01)


def write_calibration(tmp_path, tau: float):
    """A calibration as best_grid_tau writes it, found on f.scp."""
    calibration = {"tau": tau, "metric": "cer", "error_rates": {}, "source": str(tmp_path / "f.scp")}
    (tmp_path / "calibration.json").write_text(json.dumps(calibration))
    return ["--calibration", str(tmp_path / "calibration.json")]


def test_a_calibrated_tau_is_kept_on_its_own_set_and_grows_with_the_shift(case):
    tmp_path, centroids, frames = case
    calibration = write_calibration(tmp_path, 5.0)
    pairs = [f"{tmp_path}/f.scp:{tmp_path}/same.txt", f"{tmp_path}/shifted.scp:{tmp_path}/shifted.txt"]
    main(["--centroids", str(tmp_path / "c.npy"), *calibration, *pairs])
    assert float((tmp_path / "same.txt").read_text()) == pytest.approx(5.0, rel=1e-5)
    shifted = float((tmp_path / "shifted.txt").read_text())
    dist = torch.cdist(torch.from_numpy(2 * frames + 1), torch.from_numpy(centroids)) ** 2
    near = torch.cdist(torch.from_numpy(frames), torch.from_numpy(centroids)) ** 2
    expected = 5.0 * dist.min(1).values.mean().item() / near.min(1).values.mean().item()
    assert shifted == pytest.approx(expected, rel=1e-3) and shifted > 5.0


def test_the_perplexity_rule_gives_the_calibration_sets_perplexity(case):
    tmp_path, centroids, frames = case
    calibration = write_calibration(tmp_path, 5.0)
    argv = ["--centroids", str(tmp_path / "c.npy"), "--rule", "perplexity", *calibration]
    main([*argv, f"{tmp_path}/shifted.scp:{tmp_path}/shifted.txt"])
    tau = float((tmp_path / "shifted.txt").read_text())
    target = mean_perplexity(frames, centroids, 5.0)
    assert mean_perplexity(2 * frames + 1, centroids, tau) == pytest.approx(target, rel=0.01)


def test_bad_calibrations_are_errors_naming_the_file_or_set(case):
    tmp_path, _, _ = case
    out = [f"{tmp_path}/f.scp:{tmp_path}/tau.txt"]
    (tmp_path / "nosource.json").write_text('{"tau": 4}')
    with pytest.raises(ConfigError, match="nosource.json names no source"):
        main(["--centroids", str(tmp_path / "c.npy"), "--calibration", str(tmp_path / "nosource.json"), *out])
    (tmp_path / "bad.json").write_text("{}")
    bad = ["--calibration", str(tmp_path / "bad.json"), "--calibration_source", str(tmp_path / "f.scp")]
    with pytest.raises(ConfigError, match=r"bad.json: not a tau calibration"):
        main(["--centroids", str(tmp_path / "c.npy"), *bad, *out])
    save_centroids(tmp_path / "c2.npy", np.zeros((4, 3), np.float32))  # wrong dimension for the frames
    with pytest.raises(ConfigError, match=r"f.scp: target-domain features: feature dimension 4"):
        main(["--centroids", str(tmp_path / "c2.npy"), *write_calibration(tmp_path, 5.0), *out])
    assert not (tmp_path / "tau.txt").exists()
