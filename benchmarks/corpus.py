"""A deterministic synthetic learning log: link notes over many weeks, a few posts, a blogroll.

The same arguments always give the same files, so runs on different days compare.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

TOPICS = [
    "memory", "retrieval-practice", "feedback", "assessment", "reflection", "habits", "pln", "rss",
    "course-design", "accessibility", "reading", "learning-science", "questioning", "teacher-training",
]  # fmt: skip
WORDS = """
learners remember more when they retrieve what they know spacing practice over weeks helps feedback
works when students act on it a short quiz at the start of a lesson builds memory reflection turns
experience into learning small habits kept up add up networks spread the reading across many people
""".split()  # noqa: SIM905 - easier to edit as prose


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_corpus(folder: Path, links: int, posts: int = 20, people: int = 30, seed: int = 7) -> None:
    rng = random.Random(seed)
    content = folder / "content"
    for sub in ("posts", "pages", "links"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    (content / "blogroll.yaml").write_text(
        "".join(
            f"- id: person{n}\n  name: Person {n}\n  site: https://person{n}.example/\n"
            f"  feed: https://person{n}.example/feed.xml\n  note: {sentence(rng, 12)}\n"
            for n in range(people)
        ),
        encoding="utf-8",
    )
    last_monday = date(2026, 11, 16)
    per_week = 20
    weeks = max(1, links // per_week)
    written = 0
    for week in range(weeks):
        monday = last_monday - timedelta(weeks=week)
        year, number, _ = monday.isocalendar()
        count = per_week if week < weeks - 1 else links - written
        lines = [f"summary: {sentence(rng, 30)}\nlinks:\n"]
        for n in range(count):
            moment = datetime.combine(monday, datetime.min.time()) + timedelta(minutes=rng.randrange(7 * 24 * 60))
            tags = ", ".join(rng.sample(TOPICS, 2))
            lines.append(
                f"  - url: https://site{rng.randrange(500)}.example/{year}/{number}/{n}\n"
                f"    title: {sentence(rng, 6)[:-1]}\n"
                f"    date: {moment:%Y-%m-%d %H:%M}\n"
                f"    tags: [{tags}]\n"
                f"    via: person{rng.randrange(people)}\n"
                f"    note: |\n      {sentence(rng, 25)} *{rng.choice(WORDS)}* {sentence(rng, 15)}\n"
            )
        written += count
        (content / "links" / f"{year}-W{number:02d}.yaml").write_text("".join(lines), encoding="utf-8")
    for n in range(posts):
        day = last_monday - timedelta(days=3 * n)
        body = "\n\n".join(sentence(rng, 60) for _ in range(8))
        (content / "posts" / f"{day:%Y-%m-%d}-post-{n}.md").write_text(
            f"Title: Post {n}\nTags: {', '.join(rng.sample(TOPICS, 3))}\nSummary: {sentence(rng, 20)}\n\n{body}\n",
            encoding="utf-8",
        )
