"""Benchmarks: a unit model trained for timing, soft vs hard decoding speed, k-means against ESPnet's
recipe default, peak memory as the corpus grows, and the benchmark report (tools/benchmark.sh)."""
