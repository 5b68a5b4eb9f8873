"""The benchmark report: one directory with ``report.md``, ``report.tsv``, ``micro_benchmarks.tsv`` and PNGs.

Inputs, each optional:

* per feature type, the recipe's ``results.tsv`` (:mod:`softassign.evaluation.results`);
  the report keeps per test set the continuous, hard, best grid soft and
  label-free soft rows (:func:`softassign.evaluation.sweep.selected_rows`), with
  a ``feats`` column, in ``report.tsv``, and draws ``tau_sweep_<feats>.png``;
* per feature type, the phone analysis table of ``softassign.bin.analyze_units``;
* the micro-benchmarks' figures files (:mod:`softassign.benchmarks.figures`),
  listed in ``micro_benchmarks.tsv`` and checked against :data:`TARGETS`.
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from softassign.atomic import atomic_write_text, replacing
from softassign.benchmarks.figures import read_figures
from softassign.errors import DataError
from softassign.evaluation.plots import plot_tau_sweep
from softassign.evaluation.results import markdown_table, read_rows, write_rows
from softassign.evaluation.sweep import selected_rows


@dataclass(frozen=True)
class Target:
    """A goal for one figure of a benchmark: ``figure <compare> threshold``."""

    figure: str
    compare: Callable[[float, float], bool]
    threshold: float
    text: str


#: Benchmark name prefix -> its targets (the project's goals for the micro-benchmarks).
TARGETS: dict[str, list[Target]] = {
    "decode_speed": [
        Target("decode_ratio", operator.le, 1.05, "soft decoding costs at most 5% more CPU time than hard"),
        Target(
            "soft_extra_frontend_share", operator.le, 0.05, "soft's extra frontend work is at most 5% of a hard decode"
        ),
    ],
    "kmeans": [
        Target("speedup", operator.ge, 3.0, "ours at least 3x faster than ESPnet's MiniBatchKMeans"),
        Target("inertia_ratio", operator.le, 1.0, "at no worse inertia"),
    ],
    "memory": [
        Target("kmeans_growth", operator.le, 1.1, "k-means peak memory flat as the corpus doubles"),
        Target("dump_units_growth", operator.le, 1.1, "unit dumping peak memory flat as the corpus doubles"),
    ],
}


@dataclass
class ReportInputs:
    """What goes into the report: results and analysis tables per feature type, micro-benchmark figures."""

    results: dict[str, Path] = field(default_factory=dict)
    analyses: dict[str, Path] = field(default_factory=dict)
    figures: list[Path] = field(default_factory=list)


def targets_of(benchmark: str) -> list[Target]:
    """The targets of a benchmark, by the longest name prefix in :data:`TARGETS`."""
    prefixes = sorted((p for p in TARGETS if benchmark.startswith(p)), key=len, reverse=True)
    return TARGETS[prefixes[0]] if prefixes else []


def target_lines(benchmark: str, figures: dict) -> list[str]:
    """One Markdown bullet per target of ``benchmark``: its figure, met or missed."""
    lines = []
    for target in targets_of(benchmark):
        if target.figure in figures:
            value = float(figures[target.figure])
            verdict = "met" if target.compare(value, target.threshold) else "MISSED"
            lines.append(f"- {target.text}: {target.figure} = {value:g} -> **{verdict}**")
    return lines


def key_value_table(values: dict) -> list[str]:
    """A two-column Markdown table of ``values``."""
    return ["| figure | value |", "|---|---|"] + [f"| {name} | {value} |" for name, value in values.items()]


def with_feats(rows: list[dict], feats: str) -> list[dict]:
    """The rows with a ``feats`` column."""
    return [{**row, "feats": feats} for row in rows]


def results_section(out_dir: Path, feats: str, path: Path, metric: str = "cer") -> tuple[list[str], list[dict]]:
    """Markdown lines and report rows of one feature type's results (best grid tau by ``metric``); draws its
    tau sweep PNG of ``metric``."""
    rows = read_rows(path)
    if not rows:
        raise DataError(f"{path}: no result rows")
    png = f"tau_sweep_{feats}.png"
    plot_tau_sweep(rows, out_dir / png, metric=metric, title=feats)
    selected = with_feats(selected_rows(rows, metric), feats)
    lines = [
        "#" + markdown_table(selected, f"WER/CER: {feats}"),
        f"All rows: `{path}`",
        "",
        f"![tau sweep, {feats}]({png})",
        "",
    ]
    return lines, selected


def analysis_section(feats: str, path: Path) -> list[str]:
    """Markdown lines of one feature type's phone analysis table."""
    return ["#" + markdown_table(with_feats(read_rows(path), feats), f"Phone analysis: {feats}"), ""]


def figures_section(path: Path) -> tuple[list[str], list[dict]]:
    """Markdown lines and TSV rows (benchmark, figure, value) of one micro-benchmark figures file."""
    content = read_figures(path)
    name, settings, figures = content["benchmark"], content["settings"], content["figures"]
    lines = [f"## Micro-benchmark: {name}", ""] + [f"- {k}: `{v}`" for k, v in settings.items()] + [""]
    lines += key_value_table(figures) + [""] + target_lines(name, figures) + [""]
    return lines, [{"benchmark": name, "figure": k, "value": v} for k, v in figures.items()]


def write_tsv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """Write ``rows`` as a TSV of ``columns`` (values without tabs or newlines), atomically."""
    lines = ["\t".join(columns)] + ["\t".join(str(row[c]) for c in columns) for row in rows]
    with replacing(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_report(
    out_dir: str | os.PathLike, inputs: ReportInputs, title: str = "softassign benchmark", metric: str = "cer"
) -> Path:
    """Write the report directory (see the module docstring); returns the path of ``report.md``.

    ``metric`` (``cer`` or ``wer``) picks the best grid tau and is the tau sweeps' axis; ``cer``, as the
    recipes' tau calibration and claims.

    DataError when ``inputs`` hold nothing at all.
    """
    if not (inputs.results or inputs.analyses or inputs.figures):
        raise DataError("nothing to report: no results, analysis or micro-benchmark figures given")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = [
        f"# {title}",
        "",
        "Per feature type and test set: WER/CER of the continuous baseline, hard units, "
        f"soft units at the best grid tau by {metric.upper()} (picked with the test labels: an oracle) and at the "
        f"label-free tau (picked from the test audio alone; gap = {metric.upper()} points above the best grid tau).",
        "",
    ]
    report_rows: list[dict] = []
    for feats, path in inputs.results.items():
        section, rows = results_section(out_dir, feats, Path(path), metric)
        lines += section
        report_rows += rows
    for feats, path in inputs.analyses.items():
        lines += analysis_section(feats, Path(path))
    micro_rows: list[dict] = []
    for path in inputs.figures:
        section, rows = figures_section(Path(path))
        lines += section
        micro_rows += rows
    if report_rows:
        write_rows(out_dir / "report.tsv", report_rows)
    if micro_rows:
        write_tsv(out_dir / "micro_benchmarks.tsv", micro_rows, ["benchmark", "figure", "value"])
    report = out_dir / "report.md"
    atomic_write_text(report, "\n".join(lines))
    return report
