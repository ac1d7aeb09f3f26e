"""A deterministic synthetic learning log: posts of realistic Markdown, link notes over many weeks, a blogroll.

The same arguments always give the same files, so runs on different days compare. Posts use
Pelican's header format, which stock Pelican reads too; `write_hugo_posts` writes the same posts
for Hugo.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

TOPICS = [
    "memory", "retrieval-practice", "feedback", "assessment", "reflection", "habits", "pln", "rss",
    "course-design", "accessibility", "reading", "learning-science", "questioning", "teacher-training",
    "motivation", "metacognition", "spacing", "interleaving", "worked-examples", "cognitive-load",
    "collaboration", "coaching", "curriculum", "literacy", "numeracy", "primary", "secondary", "adult-learning",
    "online-learning", "blogging", "sharing", "blogroll", "research", "evidence", "wellbeing", "time",
    "planning", "homework", "questioning-techniques", "classroom-talk",
]  # fmt: skip
WORDS = """
learners remember more when they retrieve what they know spacing practice over weeks helps feedback
works when students act on it a short quiz at the start of a lesson builds memory reflection turns
experience into learning small habits kept up add up networks spread the reading across many people
teachers plan lessons around what students already know and what they need next time in class matters
""".split()  # noqa: SIM905 - easier to edit as prose
CODE = '''```python
def spaced_dates(start, gaps=(1, 3, 7, 21)):
    """The days to revisit a topic first taught on `start`."""
    return [start + timedelta(days=gap) for gap in gaps]
```'''


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randrange(12, 24)) for _ in range(rng.randrange(3, 6))]
    parts[0] = parts[0].replace(" memory ", " **memory** ", 1).replace(" practice ", " *practice* ", 1)
    if rng.random() < 0.5:
        parts[-1] = parts[-1][:-1] + f" ([more](https://example.org/{rng.randrange(1000)}))."
    return " ".join(parts)


def post_body(rng: random.Random) -> str:
    """About 900 words: paragraphs, headings, a list, a quotation and a code block or two."""
    blocks = [paragraph(rng) for _ in range(2)]
    for section in range(3):
        blocks.append(f"## {sentence(rng, 4)[:-1]}")
        blocks += [paragraph(rng) for _ in range(2)]
        if section == 0:
            blocks.append("\n".join(f"- {sentence(rng, 8)}" for _ in range(4)))
        if section == 1:
            blocks.append("> " + sentence(rng, 20))
        if section == 2 or rng.random() < 0.3:
            blocks.append(CODE)
    return "\n\n".join(blocks)


def posts(count: int, seed: int = 7, gap_days: int = 2) -> list[dict]:
    """`count` posts, one every `gap_days` days back from 16 November 2026."""
    rng = random.Random(seed)
    first = date(2026, 11, 16)
    return [
        {
            "name": f"{first - timedelta(days=gap_days * n):%Y-%m-%d}-post-{n}",
            "title": f"Post {n}: {sentence(rng, 5)[:-1]}",
            "date": datetime.combine(first - timedelta(days=gap_days * n), datetime.min.time()) + timedelta(hours=9),
            "tags": rng.sample(TOPICS, 3),
            "summary": sentence(rng, 25),
            "body": post_body(rng),
        }
        for n in range(count)
    ]


def write_corpus(
    folder: Path,
    links: int,
    posts_count: int = 20,
    people: int = 30,
    seed: int = 7,
    gap_days: int = 2,
    per_week: int = 20,
) -> None:
    """A Learnlog content folder: content/posts, content/links, content/blogroll.yaml, content/pages.

    Posts come one every `gap_days` days, links `per_week` a week, both back from November 2026.
    """
    rng = random.Random(seed)
    content = folder / "content"
    for sub in ("posts", "pages", "links"):
        (content / sub).mkdir(parents=True, exist_ok=True)
    (content / "pages" / "about.md").write_text("Title: About\n\nA benchmark site.\n", encoding="utf-8")
    (content / "blogroll.yaml").write_text(
        "".join(
            f"- id: person{n}\n  name: Person {n}\n  site: https://person{n}.example/\n"
            f"  feed: https://person{n}.example/feed.xml\n  note: {sentence(rng, 12)}\n"
            for n in range(people)
        ),
        encoding="utf-8",
    )
    write_links(content / "links", links, people, rng, per_week)
    for post in posts(posts_count, seed, gap_days):
        (content / "posts" / f"{post['name']}.md").write_text(
            f"Title: {post['title']}\nDate: {post['date']:%Y-%m-%d %H:%M}\nTags: {', '.join(post['tags'])}\n"
            f"Summary: {post['summary']}\n\n{post['body']}\n",
            encoding="utf-8",
        )


def write_links(folder: Path, links: int, people: int, rng: random.Random, per_week: int = 20) -> None:
    last_monday = date(2026, 11, 16)
    weeks = max(1, -(-links // per_week))
    written = 0
    for week in range(weeks):
        monday = last_monday - timedelta(weeks=week)
        year, number, _ = monday.isocalendar()
        count = min(per_week, links - written)
        lines = [f"summary: {sentence(rng, 30)}\nlinks:\n"]
        for n in range(count):
            moment = datetime.combine(monday, datetime.min.time()) + timedelta(minutes=rng.randrange(7 * 24 * 60))
            lines.append(
                f"  - url: https://site{rng.randrange(500)}.example/{year}/{number}/{n}\n"
                f"    title: {sentence(rng, 6)[:-1]}\n"
                f"    date: {moment:%Y-%m-%d %H:%M}\n"
                f"    tags: [{', '.join(rng.sample(TOPICS, 2))}]\n"
                f"    via: person{rng.randrange(people)}\n"
                f"    note: |\n      {sentence(rng, 25)} *{rng.choice(WORDS)}* {sentence(rng, 15)}\n"
            )
        written += count
        (folder / f"{year}-W{number:02d}.yaml").write_text("".join(lines), encoding="utf-8")


def write_hugo_posts(folder: Path, posts_count: int, seed: int = 7, gap_days: int = 2) -> None:
    """The same posts as `write_corpus`, with Hugo's YAML front matter."""
    (folder / "content" / "posts").mkdir(parents=True, exist_ok=True)
    for post in posts(posts_count, seed, gap_days):
        tags = ", ".join(f'"{tag}"' for tag in post["tags"])
        (folder / "content" / "posts" / f"{post['name']}.md").write_text(
            f'---\ntitle: "{post["title"]}"\ndate: {post["date"]:%Y-%m-%dT%H:%M:%S}Z\ntags: [{tags}]\n'
            f'summary: "{post["summary"]}"\nslug: "{post["name"][11:]}"\n---\n\n{post["body"]}\n',
            encoding="utf-8",
        )
