"""Charts written as PNG files (matplotlib, no display needed): loss curves, metric bars, taste profiles."""

from __future__ import annotations

from pathlib import Path


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only; never opens a window
    import matplotlib.pyplot as plt

    return plt


def _save(plt, fig, path: Path) -> Path:
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def loss_curve(losses: list[float], history: list[dict[str, float]], path: Path, title: str) -> Path:
    """Training loss per epoch, with validation NDCG@10 on a second axis when there is one."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(range(1, len(losses) + 1), losses, label="training loss", color="tab:blue")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    if history:
        other = ax.twinx()
        other.plot(
            [h["epoch"] for h in history],
            [h["ndcg@10"] for h in history],
            "o-",
            color="tab:orange",
            label="validation NDCG@10",
        )
        other.set_ylabel("validation NDCG@10")
        other.legend(loc="upper right")
    ax.legend(loc="upper left")
    ax.set_title(title)
    return _save(plt, fig, path)


def metric_bars(
    metrics: dict[str, dict[str, float]],
    path: Path,
    title: str,
    names: tuple[str, ...] = ("recall@10", "ndcg@10"),
) -> Path:
    """Grouped bars: one group per metric, one bar per system."""
    plt = _pyplot()
    systems = list(metrics)
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / max(1, len(systems))
    for j, system in enumerate(systems):
        xs = [i + j * width for i in range(len(names))]
        ax.bar(xs, [metrics[system].get(n, 0.0) for n in names], width, label=system)
    ax.set_xticks([i + width * (len(systems) - 1) / 2 for i in range(len(names))], names)
    ax.set_title(title)
    ax.legend()
    return _save(plt, fig, path)


def taste_profile(
    profile: dict[str, float], path: Path, title: str, population: dict[str, float] | None = None
) -> Path:
    """Horizontal bars of a user's category interest (0-1), with the population's as ticks for reference."""
    plt = _pyplot()
    names = list(profile)[::-1]  # highest at the top
    fig, ax = plt.subplots(figsize=(6, 0.32 * len(names) + 1.2))
    ax.barh(names, [profile[n] for n in names], color="tab:blue", label="this user")
    if population:
        ax.scatter(
            [population.get(n, 0.0) for n in names], names, marker="|", s=200, color="black", label="everyone"
        )
    ax.set_xlim(0, 1)
    ax.set_xlabel("interest (0-1)")
    ax.set_title(title)
    ax.legend(loc="lower right")
    return _save(plt, fig, path)


def step_curve(steps: list[int], values: list[float], path: Path, title: str, ylabel: str = "loss") -> Path:
    """A value logged every few optimizer steps (fine-tuning loss)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(steps, values, color="tab:blue")
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.grid(alpha=0.3)
    return _save(plt, fig, path)
