import pytest
import yaml

from softassign.benchmarks.unit_model import averaged_model
from softassign.errors import DataError


def write_exp(exp, criteria, models):
    exp.mkdir()
    (exp / "config.yaml").write_text(yaml.safe_dump({"best_model_criterion": criteria}))
    for name in models:
        (exp / name).write_bytes(b"")
    return exp


def test_averaged_model_follows_the_first_criterion(tmp_path):
    both = ["valid.acc.ave.pth", "valid.loss.ave.pth"]
    ctc_only = write_exp(tmp_path / "ctc", [["valid", "loss", "min"]], both)
    assert averaged_model(ctc_only) == ctc_only / "valid.loss.ave.pth"
    attention = write_exp(tmp_path / "att", [["valid", "acc", "max"], ["valid", "loss", "min"]], both)
    assert averaged_model(attention) == attention / "valid.acc.ave.pth"


def test_missing_average_names_the_exp_dir(tmp_path):
    exp = write_exp(tmp_path / "exp", [["valid", "loss", "min"]], ["valid.acc.ave.pth"])
    with pytest.raises(DataError, match=f"{exp}.*valid.loss.ave.pth"):
        averaged_model(exp)
