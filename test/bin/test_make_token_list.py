from softassign.bin.make_token_list import main


def test_char_list_in_espnet_format(tmp_path):
    (tmp_path / "text").write_text("u1 ABBA  B\nu2 AB\n")
    main(["--text", str(tmp_path / "text"), "--out_dir", str(tmp_path / "out")])
    tokens = (tmp_path / "out/tokens.txt").read_text().split()
    assert tokens == ["<blank>", "<unk>", "B", "A", "<space>", "<sos/eos>"]


def test_bpe_model_and_list(tmp_path):
    words = ["THE", "CAT", "SAT", "ON", "THE", "MAT", "WITH", "A", "HAT", "AND", "A", "BAT"]
    lines = [f"u{i} {' '.join(words[i % 5 :] + words[: i % 5])}" for i in range(50)]
    (tmp_path / "text").write_text("\n".join(lines) + "\n")
    main(["--text", str(tmp_path / "text"), "--token_type", "bpe", "--nbpe", "30", "--out_dir", str(tmp_path / "o")])
    tokens = (tmp_path / "o/tokens.txt").read_text().split()
    assert (tmp_path / "o/bpe.model").is_file()
    assert tokens[:2] == ["<blank>", "<unk>"] and tokens[-1] == "<sos/eos>" and len(tokens) == 30 - 3 + 3


def test_bpe_training_is_reproducible_to_the_byte(tmp_path):
    """A rerun (after a kill, say) writes the same bpe.model: sentencepiece stores its input's path in the model."""
    words = ["THE", "CAT", "SAT", "ON", "THE", "MAT", "WITH", "A", "HAT", "AND", "A", "BAT"]
    (tmp_path / "text").write_text("\n".join(f"u{i} {' '.join(words[i % 7 :])}" for i in range(40)) + "\n")
    args = ["--text", str(tmp_path / "text"), "--token_type", "bpe", "--nbpe", "20", "--out_dir", str(tmp_path / "o")]
    main(args)
    first = (tmp_path / "o/bpe.model").read_bytes()
    main(args)
    assert (tmp_path / "o/bpe.model").read_bytes() == first
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["bpe.model", "bpe.vocab", "tokens.txt"]
