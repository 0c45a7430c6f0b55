"""What a run found: rows of measurements, printed as a table and written as JSON."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


@dataclass
class Row:
    """One measurement: ``value`` in ``unit`` (a median unless the name says otherwise)."""

    section: str
    name: str
    value: float | None
    unit: str
    memory_mb: float | None = None
    target: str | None = None
    verdict: str | None = None  # "ok" | "MISS" | None when there is no target
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Report:
    meta: dict[str, Any]
    rows: list[Row] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (section/part, reason)

    def add(self, row: Row, echo: bool = True) -> Row:
        self.rows.append(row)
        if echo:
            print(format_row(row), flush=True)
        return row

    def skip(self, part: str, reason: str) -> None:
        self.skipped.append((part, reason))
        print(f"  {part}: skipped: {reason}", flush=True)

    def value(self, section: str, name: str) -> float | None:
        for row in self.rows:
            if row.section == section and row.name == name:
                return row.value
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "meta": self.meta,
            "rows": [asdict(r) for r in self.rows],
            "skipped": [{"part": p, "reason": r} for p, r in self.skipped],
        }


def check(value: float | None, limit: float) -> str | None:
    if value is None:
        return None
    return "ok" if value <= limit else "MISS"


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.2f} ms" if value < 10 else f"{value:.1f} ms"
    if unit == "x":
        return f"{value:.2f}×" if value >= 0.1 else f"{value:.4f}× (1/{1 / value:,.0f})" if value else "0×"
    if unit in ("/s", "items/s", "articles/s"):
        return f"{value:,.0f} {unit.lstrip('/') if unit != '/s' else '/s'}"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "MB":
        return f"{value:.1f} MB"
    return f"{value:g} {unit}".strip()


def format_row(row: Row) -> str:
    memory = f"{row.memory_mb:.0f} MB" if row.memory_mb is not None else ""
    target = f"{row.target} → {row.verdict}" if row.target and row.verdict else (row.target or "")
    return f"  {row.name:<58} {format_value(row.value, row.unit):>12} {memory:>8}  {target}"


def markdown_table(report: Report) -> str:
    lines = ["| section | measurement | median | memory | target |", "| --- | --- | ---: | ---: | --- |"]
    for row in report.rows:
        memory = f"{row.memory_mb:.0f} MB" if row.memory_mb is not None else ""
        target = ""
        if row.target:
            verdict = f"**{row.verdict}**" if row.verdict == "MISS" else (row.verdict or "—")
            target = f"{row.target}: {verdict}"
        lines.append(f"| {row.section} | {row.name} | {format_value(row.value, row.unit)} | {memory} | {target} |")
    for part, reason in report.skipped:
        section, _, what = part.partition(": ")
        lines.append(f"| {section} | {what or part} | skipped: {reason} | | |")
    return "\n".join(lines)


def markdown_section(report: Report) -> str:
    """A BENCHMARKS.md section for this run, named by its date and commits: machine, commit, the table."""
    meta = report.meta
    mode = "quick run (--quick)" if meta.get("quick") else "full run"
    load = meta.get("load_average")
    commits = meta.get("commits") or f"commit {str(meta.get('commit', 'unknown')).split()[0]}"
    lines = [
        f"## {meta['started'].replace('T', ' ').replace('Z', ' UTC')} — {mode} ({commits})",
        "",
        f"- machine: {meta.get('nproc')} CPUs (`nproc`), {meta.get('cpu')}, {meta.get('memory_gb')} GB RAM; "
        f"{meta.get('platform')}",
        f"- Python {meta.get('python')}; commit {meta.get('commit')}; readers: {', '.join(meta.get('readers', []))}; "
        f"newsboat: {meta.get('newsboat') or 'not measured'}; newsraft: {meta.get('newsraft') or 'not measured'}",
        f"- sections: {', '.join(meta.get('sections', []))}; runs: {meta.get('runs')} "
        f"(paint: {meta.get('paint_runs')}); seed {meta.get('seed')}; "
        f"stores: {', '.join(f'{n:,}' for n in meta.get('store_sizes', []))} articles, "
        f"{meta.get('per_feed')} a source; refresh: {', '.join(str(n) for n in meta.get('refresh_feeds', []))} feeds "
        f"× {meta.get('items_per_feed')} items",
        f"- load average (1 min) at start / end: {load[0] if load else '?'} / "
        f"{load[1] if load and len(load) > 1 else '?'}; took {meta.get('total_seconds')} s"
        if load is not None
        else f"- took {meta.get('total_seconds')} s in all",
        "",
        markdown_table(report),
        "",
    ]
    return "\n".join(lines)


def print_table(report: Report) -> None:
    print()
    print(markdown_table(report))


def write_json(report: Report, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = report.meta["started"].replace(":", "").replace("-", "")[:15]
    path = out_dir / f"bench-{stamp}{'-quick' if report.meta.get('quick') else ''}.json"
    path.write_text(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    return path


# --- the machine ---------------------------------------------------------------------


def _run(argv: list[str], cwd: Path | None = None) -> str | None:
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=10, cwd=cwd)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_meta(repo: Path) -> dict[str, Any]:
    commit = _run(["git", "rev-parse", "--short", "HEAD"], repo)
    dirty = _run(["git", "status", "--porcelain", "--untracked-files=no"], repo)
    memory_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "started": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "nproc": os.cpu_count(),
        "cpu": cpu_model(),
        "memory_gb": memory_gb,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "commit": (commit or "unknown") + (" (with uncommitted changes)" if dirty else ""),
    }


# --- sections from saved runs ----------------------------------------------------------


def load_json(path: Path) -> Report:
    saved = json.loads(Path(path).read_text(encoding="utf-8"))
    return Report(
        saved["meta"],
        [Row(**row) for row in saved["rows"]],
        [(s["part"], s["reason"]) for s in saved.get("skipped", [])],
    )


def merged_section(reports: list[Report]) -> str:
    """One BENCHMARKS.md section from several partial runs (say, one per section), each listed."""
    first = reports[0]
    rows = [row for report in reports for row in report.rows]
    skipped = [part for report in reports for part in report.skipped]
    meta = dict(first.meta)
    meta["sections"] = list(dict.fromkeys(s for r in reports for s in r.meta.get("sections", [])))
    meta["readers"] = list(dict.fromkeys(s for r in reports for s in r.meta.get("readers", [])))
    meta["newsboat"] = next((r.meta["newsboat"] for r in reports if r.meta.get("newsboat")), None)
    meta["total_seconds"] = round(sum(r.meta.get("total_seconds") or 0 for r in reports), 1)
    meta["refresh_feeds"] = sorted(
        {n for r in reports if "refresh" in r.meta.get("sections", []) for n in r.meta.get("refresh_feeds", [])}
    )
    meta["store_sizes"] = sorted(
        {
            n
            for r in reports
            if set(r.meta.get("sections", [])) - {"refresh", "documents"}
            for n in r.meta.get("store_sizes", [])
        }
    )
    meta["load_average"] = None  # per part, below
    hashes = list(dict.fromkeys(str(r.meta.get("commit", "unknown")).split()[0] for r in reports))
    meta["commits"] = f"commit {hashes[0]}" if len(hashes) == 1 else f"commits {hashes[0]}–{hashes[-1]}"
    text = markdown_section(Report(meta, rows, skipped))
    parts = "\n".join(
        f"  - {r.meta['started']}: {', '.join(r.meta.get('sections', []))} "
        f"({', '.join(r.meta.get('readers', []))}; feeds {r.meta.get('refresh_feeds')}, "
        f"stores {r.meta.get('store_sizes')}), commit {r.meta.get('commit')}, load average "
        f"{' / '.join(str(x) for x in r.meta.get('load_average', []))}, {r.meta.get('total_seconds')} s"
        for r in reports
    )
    head, _, rest = text.partition("\n\n")
    return f"{head}\n\n- assembled from {len(reports)} runs, one after another:\n{parts}\n{rest}"


if __name__ == "__main__":  # python -m benchmarks.report RUN.json [RUN.json ...]
    print(merged_section([load_json(Path(p)) for p in sys.argv[1:]]))
