import numpy as np

from softassign.phone_analysis.label_index import LabelIndex


def test_ids_follow_first_appearance_and_persist_across_calls():
    index = LabelIndex()
    assert index.encode(["b", "a", "b"]).tolist() == [0, 1, 0]
    assert index.encode(["c", "a"]).tolist() == [2, 1]
    assert index.labels == ["b", "a", "c"] and len(index) == 3


def test_none_is_unlabelled_and_gets_no_id():
    index = LabelIndex()
    ids = index.encode([None, "a", None])
    assert ids.dtype == np.int64 and ids.tolist() == [-1, 0, -1]
    assert index.labels == ["a"]
