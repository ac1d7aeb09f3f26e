"""`invoke new-post`, `invoke check` and the GitHub Actions workflow."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, good_post

from learnlog.check import check_site
from learnlog.newpost import NewPostError, create_post, slugify


def test_new_post_creates_a_dated_file_that_builds(site):
    path = create_post(site.content, "Feedback: what works?", "feedback, assessment", "2026-11-20 09:30")
    assert path == site.content / "posts" / "2026-11-20-feedback-what-works.md"
    text = path.read_text()
    assert text.startswith("Title: Feedback: what works?\nDate: 2026-11-20 09:30\nTags: feedback, assessment\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert "Feedback: what works?" in build.page("/posts/2026/feedback-what-works/")


def test_new_post_never_overwrites(site):
    path = create_post(site.content, "My post", when="2026-11-20")
    path.write_text("Title: My post\nDate: 2026-11-20\n\nMy precious words.\n")
    with pytest.raises(NewPostError, match="content/posts/2026-11-20-my-post.md already exists; it was left as it is"):
        create_post(site.content, "My post", when="2026-11-20")
    assert "My precious words." in path.read_text()


def test_new_post_without_tags_and_with_odd_titles(site):
    path = create_post(site.content, "  Ça   marche !  ", when="2026-11-20")
    assert path.name == "2026-11-20-ca-marche.md" and "Tags:" not in path.read_text()
    assert slugify("Learning in public: Week 1!") == "learning-in-public-week-1"
    assert create_post(site.content, "Что такое PLN?", when="2026-11-20").name == "2026-11-20-chto-takoe-pln.md"
    assert create_post(site.content, "🐍 notes", when="2026-11-20").name == "2026-11-20-snake-notes.md"
    with pytest.raises(NewPostError, match="has no letters or digits"):
        create_post(site.content, "!!!", when="2026-11-20")
    with pytest.raises(NewPostError, match="--date 'tomorrow' is not a date"):
        create_post(site.content, "Fine", when="tomorrow")


def test_check_finds_broken_links_anchors_and_feeds(tmp_path):
    site = tmp_path / "site"
    (site / "posts" / "a").mkdir(parents=True)
    (site / "feeds").mkdir()
    (site / "index.html").write_text(
        '<a href="posts/a/">A</a> <a href="posts/a/#there">ok</a> <a href="https://other.example/">x</a>'
    )
    (site / "posts" / "a" / "index.html").write_text(
        '<h2 id="there">There</h2><a href="../../missing/">m</a><a href="../../#nowhere">n</a>'
        '<a href="https://learner.example/blog/posts/a/#there">abs</a><img src="/blog-image.png">'
    )
    (site / "feeds" / "all.atom.xml").write_text("<feed><unclosed></feed>")
    (site / "feeds" / "all.json").write_text("{not json")
    problems = check_site(site, "https://learner.example/blog")
    assert problems[:3] == [
        "posts/a/index.html: the link ../../missing/ leads to a missing page",
        "posts/a/index.html: the link ../../#nowhere points at #nowhere, which is not on that page",
        "posts/a/index.html: the link /blog-image.png leads to a missing page",
    ]
    assert problems[3].startswith(
        "feeds/all.atom.xml: cannot be read by a feed reader (Opening and ending tag mismatch"
    )
    assert problems[4].startswith("feeds/all.json: cannot be read by a feed reader (Expecting property name")
    assert len(problems) == 5


def test_check_passes_the_sample_site(sample_site):
    assert check_site(sample_site.output, "http://localhost:8000") == []


def test_check_catches_a_link_to_a_missing_note(site):
    site.post("p.md", good_post() + "\n[see](../../../links/2026/w47/#link-0000000000)\n")
    site.links("w.yaml", "- url: https://example.org/a\n  title: A\n  date: 2026-11-19\n")
    build = site.build()
    assert build.returncode == 0
    [problem] = check_site(build.output, "http://localhost:8000")
    assert "points at #link-0000000000, which is not on that page" in problem


WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


def actionlint(*workflows: Path) -> str:
    """What actionlint (the GitHub Actions checker, from requirements-dev.txt) says of these workflow files, run
    from the project folder, so a workflow calling another (`uses: ./.github/workflows/…`) is checked against it;
    "" when it finds nothing."""
    program = shutil.which("actionlint") or str(Path(__import__("sys").executable).parent / "actionlint")
    finished = subprocess.run(
        [program, "-no-color", *map(str, workflows)], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return "" if finished.returncode == 0 else finished.stdout + finished.stderr or f"exit code {finished.returncode}"


def test_the_workflow_passes_actionlint():
    assert actionlint(WORKFLOW) == ""


def test_the_workflow_checks_builds_and_deploys_the_authors_site_on_push_and_daily():
    """It checks the author's own content, not the kit: the kit's tests run on the kit (and GitHub's runners
    have no chromium or newsboat)."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]
    steps = " ".join(step.get("run", step.get("uses", "")) for step in workflow["jobs"]["build"]["steps"])
    assert "invoke test" not in steps and "requirements-dev.txt" not in steps
    assert "invoke check --settings publishconf.py" in steps and "upload-pages-artifact" in steps
    assert "deploy-pages" in workflow["jobs"]["deploy"]["steps"][0]["uses"]


def test_a_post_without_a_category_is_in_notes_whatever_its_folder(site):
    """Pelican would name the category after the post's folder ('posts'); the README promises Notes."""
    site.post("2026-11-20-a.md", good_post())
    (site.content / "posts" / "2026").mkdir()
    site.post("2026/2026-11-21-b.md", good_post("Another", "2026-11-21 10:00"))
    build = site.build()
    assert build.returncode == 0, build.log
    assert sorted(path.name for path in (build.output / "categories").iterdir()) == ["index.html", "notes"]
    assert 'href="../../../categories/notes/"' in build.page("/posts/2026/a/")


def test_a_post_of_one_s_own_that_shares_a_line_with_the_template_is_not_warned_about(site):
    """ "## A heading" is a heading anyone may write; the template quoted in a code block is the author's text."""
    from posts.template import NEW_POST

    quoted = NEW_POST.format(title="T", date="2026-11-20", tags="x")
    site.post(
        "mine.md",
        good_post()
        + "\n## A heading\n\nHere is the template:\n\n```text\n"
        + quoted
        + "```\n\n~~~~\n"
        + quoted
        + "~~~~\n\n    Summary: One or two sentences that appear on the home page.\n",
    )
    build = site.build()
    assert build.returncode == 0 and "template's example" not in build.log, build.log


def test_the_new_post_templates_placeholders_left_in_a_post_are_warned_about(site):
    from learnlog.newpost import create_post

    path = create_post(site.content, "Trying the template", when="2026-11-24 10:00")
    build = site.build()
    assert build.returncode == 0, build.log
    name = path.relative_to(site.folder).as_posix()
    assert f"warning: {name}:3: the Summary is still the new-post template's example; write one or two" in build.log
    assert f"warning: {name}:5: this is still the new-post template's example text; replace it" in build.log
    assert build.log.count("template's example") == 2  # once for the summary, once for the body
    path.write_text(path.read_text().replace("One or two sentences that appear on the home page.", "Mine."))
    text = path.read_text().split("\n\n", 1)[0] + "\n\nWhat I learned about feedback.\n"
    path.write_text(text)
    build = site.build()
    assert build.returncode == 0 and "template's example" not in build.log, build.log
