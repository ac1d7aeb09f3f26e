"""Files at the site's root: what the author puts in content/extra/ is copied to the top of the site as it is,
in every build, and never replaces a file of the site's own."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import Site, good_post


def extra(site: Site, name: str, data: bytes, folder: str = "extra") -> Path:
    path = site.content / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_extra_files_are_copied_to_the_top_of_the_site_as_they_are(site):
    site.post("2026-11-20-a.md", good_post())
    binary = bytes(range(256)) * 4
    extra(site, "google1234abcd.html", b"google-site-verification: google1234abcd.html")
    extra(site, "keybase.txt", b"I am sam on keybase\r\n")
    extra(site, "favicon.ico", binary)
    extra(site, ".well-known/security.txt", b"Contact: mailto:sam@learning.example\n")
    extra(site, "notes/read-me.md", b"Title: Not a post\n\nNever read as one.\n")
    extra(site, ".DS_Store", b"\x00")
    extra(site, "keybase.txt~", b"an editor's backup")
    extra(site, ".hidden/x.txt", b"hidden")
    build = site.build()
    assert build.returncode == 0, build.log
    out = build.output
    assert (out / "google1234abcd.html").read_bytes() == b"google-site-verification: google1234abcd.html"
    assert (out / "keybase.txt").read_bytes() == b"I am sam on keybase\r\n"
    assert (out / "favicon.ico").read_bytes() == binary
    assert (out / ".well-known" / "security.txt").read_bytes() == b"Contact: mailto:sam@learning.example\n"
    assert (out / "notes" / "read-me.md").read_bytes() == b"Title: Not a post\n\nNever read as one.\n"
    for left_out in (".DS_Store", "keybase.txt~", ".hidden", "extra"):
        assert not (out / left_out).exists(), left_out
    assert "Not a post" not in build.page("/") and "Not a post" not in build.page("/archives/")
    sitemap = (out / "sitemap.xml").read_text()
    assert "google1234abcd" not in sitemap and "keybase" not in sitemap


def test_robots_txt_may_be_replaced_on_purpose(site):
    site.post("2026-11-20-a.md", good_post())
    extra(site, "robots.txt", b"User-agent: GPTBot\nDisallow: /\n")
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "robots.txt").read_bytes() == b"User-agent: GPTBot\nDisallow: /\n"


def test_files_that_would_replace_the_sites_own_are_all_reported_and_nothing_is_changed(site):
    site.post("2026-11-20-a.md", good_post())
    (site.content / "images").mkdir()
    (site.content / "images" / "board.png").write_bytes(b"png")
    assert site.build().returncode == 0
    before = {path: path.read_bytes() for path in site.folder.joinpath("output").rglob("*") if path.is_file()}
    for name in ("index.html", "feeds/all.atom.xml", "theme/css/style.css", "images/board.png", "posts", "404.html"):
        extra(site, name, b"mine")
    extra(site, "about.txt", b"fine")
    extra(site, "CNAME", b"blog.sam.net\n")
    extra(site, ".nojekyll", b"")
    extra(site, ".well-known/recommendations.opml", b"<opml/>")
    build = site.build()
    assert build.returncode == 1
    stopped = build.log.splitlines()
    replace = "which this file would replace: rename or move it, or delete it"
    for name, taken in (
        ("index.html", "/index.html"),
        ("feeds/all.atom.xml", "/feeds/all.atom.xml"),
        ("theme/css/style.css", "/theme/css/style.css"),
        ("images/board.png", "/images/board.png"),
        ("posts", "/posts/"),
        ("404.html", "/404.html"),
        (".well-known/recommendations.opml", "/.well-known/recommendations.opml"),
    ):
        assert f"  content/extra/{name}: the site already has {taken}, {replace}" in "\n".join(stopped), name
    assert "  content/extra/CNAME: CNAME cannot be put at the site's root: invoke publish writes it from " in build.log
    assert ".nojekyll" not in build.log  # hidden: left out, as invoke publish writes it anyway
    assert "about.txt" not in build.log
    after = {path: path.read_bytes() for path in site.folder.joinpath("output").rglob("*") if path.is_file()}
    assert after == before


def test_a_file_below_a_file_of_the_site_is_reported(site):
    site.post("2026-11-20-a.md", good_post())
    extra(site, "sitemap.xml/x.txt", b"x")
    build = site.build()
    assert build.returncode == 1
    assert "content/extra/sitemap.xml/x.txt: the site already has /sitemap.xml, which this file would" in build.log


def test_another_folder_by_setting_and_an_edit_or_removal_shows_in_the_next_build(tmp_path):
    site = Site(tmp_path, 'EXTRA_PATH = "root-files"\n')
    site.post("2026-11-20-a.md", good_post())
    path = extra(site, "keybase.txt", b"one", folder="root-files")
    extra(site, "ignored.txt", b"not copied")  # content/extra/ is now an ordinary folder of the content
    assert site.build().returncode == 0
    output = site.folder / "output"
    assert (output / "keybase.txt").read_bytes() == b"one" and not (output / "ignored.txt").exists()
    path.write_bytes(b"two")
    assert site.build().returncode == 0
    assert (output / "keybase.txt").read_bytes() == b"two"
    path.unlink()
    assert site.build().returncode == 0
    assert not (output / "keybase.txt").exists()


def test_a_link_to_a_file_inside_the_project_is_copied_and_one_outside_is_refused(site, tmp_path_factory):
    site.post("2026-11-20-a.md", good_post())
    (site.folder / "verification.txt").write_bytes(b"inside the project")
    (site.content / "extra").mkdir()
    os.symlink(site.folder / "verification.txt", site.content / "extra" / "verify.txt")
    build = site.build()
    assert build.returncode == 0, build.log
    assert (build.output / "verify.txt").read_bytes() == b"inside the project"
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_bytes(b"not the site's")
    os.symlink(secret, site.content / "extra" / "secret.txt")
    build = site.build()
    assert build.returncode == 1
    assert "content/extra/secret.txt: this is a link to" in build.log and "outside the project" in build.log


def test_the_extra_folder_setting_is_checked(tmp_path):
    for number, (line, message) in enumerate(
        [
            ('EXTRA_PATH = "."', "EXTRA_PATH names the whole content folder, which would publish every file in it"),
            ('EXTRA_PATH = ""', 'EXTRA_PATH is empty; write it as EXTRA_PATH = "extra"'),
            ('EXTRA_PATH = "images"', "EXTRA_PATH holds 'images', which is STATIC_PATHS 'images'"),
            ('EXTRA_PATH = "posts/root"', "EXTRA_PATH holds 'posts/root', which is inside ARTICLE_PATHS 'posts'"),
            ('EXTRA_PATH = "../elsewhere"', "EXTRA_PATH names '../elsewhere', outside the content folder"),
            (
                'EXTRA_PATH = ["extra"]',
                "EXTRA_PATH must be one text, got the list ['extra']; write EXTRA_PATH = 'extra'",
            ),
        ]
    ):
        site = Site(tmp_path / str(number), line + "\n")
        build = site.build()
        assert build.returncode == 1
        assert message in build.log, build.log
