import kaldiio
import numpy as np
import pytest

from softassign.bin.select_tau import main
from softassign.units.assign import soft_posteriors
from softassign.units.centroids import save_centroids


def test_writes_a_tau_that_meets_the_perplexity_target(tmp_path):
    rng = np.random.default_rng(0)
    centroids = rng.standard_normal((16, 4)).astype(np.float32) * 3
    save_centroids(tmp_path / "c.npy", centroids)
    frames = (centroids[rng.integers(0, 16, 400)] + rng.standard_normal((400, 4))).astype(np.float32)
    with kaldiio.WriteHelper(f"ark,scp:{tmp_path / 'f.ark'},{tmp_path / 'f.scp'}") as writer:
        writer["a"], writer["b"] = frames[:200], frames[200:]
    main(
        [
            "--centroids",
            str(tmp_path / "c.npy"),
            "--target_perplexity",
            "3",
            f"{tmp_path / 'f.scp'}:{tmp_path / 'tau.txt'}",
        ]
    )
    tau = float((tmp_path / "tau.txt").read_text())
    import torch

    probs = soft_posteriors(torch.from_numpy(frames), torch.from_numpy(centroids), tau)
    entropy = -(probs * probs.clamp_min(1e-30).log()).sum(1).mean().item()
    assert np.exp(entropy) == pytest.approx(3.0, rel=0.01)
