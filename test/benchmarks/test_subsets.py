import pytest

from softassign.benchmarks.subsets import subset_scp, subset_text
from softassign.errors import DataError


def test_first_entries_and_their_transcripts(tmp_path):
    (tmp_path / "feats.scp").write_text("a x.ark:1\nb x.ark:9\n\nc x.ark:20\n")
    (tmp_path / "text").write_text("a HELLO\nb WORLD\nc AGAIN\n")
    assert subset_scp(tmp_path / "feats.scp", 2, tmp_path / "sub" / "feats.scp").read_text() == "a x.ark:1\nb x.ark:9\n"
    subset_text(tmp_path / "text", ["b", "a"], tmp_path / "sub" / "text")
    assert (tmp_path / "sub" / "text").read_text() == "a HELLO\nb WORLD\n"
    with pytest.raises(DataError, match="feats.scp: 3 utterances, fewer than the 4 asked for"):
        subset_scp(tmp_path / "feats.scp", 4, tmp_path / "x.scp")
    with pytest.raises(DataError, match="text: no transcript for utterance 'd'"):
        subset_text(tmp_path / "text", ["a", "d"], tmp_path / "x")
