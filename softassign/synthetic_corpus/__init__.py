"""Synthetic multi-voice English speech: voices, sentences, accents, real prompts and the corpus writer."""
