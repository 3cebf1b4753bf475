"""bench/pages.py: the first-load weight of the login page, a client's home page (50 KB goal, issue
17) and the diary page in plain-language mode (60 KB, issue 16), each file counted once,
gzip-compressed and as the app sends it."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DB_KIND

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "pages.py"
pytestmark = pytest.mark.skipif(DB_KIND != "sqlite", reason="the page weighs the same on either database")


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_pages", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_it_finds_every_file_a_page_loads_once():
    parser = load_bench().References()
    parser.feed("""<link rel="stylesheet" href="/static/a.css"><link rel="manifest" href="/m.json">
      <script src="/static/b.js" defer></script><script>inline()</script>
      <img src="/static/p/1.svg" alt=""><img srcset="/static/p/2.svg 1x, /static/p/3.svg 2x" alt="">
      <svg><use href="/static/p/sprite.svg#cat"></use></svg><svg><use href="#local"></use></svg>""")
    urls = [u for u in parser.urls if u]
    assert urls == ["/static/a.css", "/static/b.js", "/static/p/1.svg", "/static/p/2.svg", "/static/p/3.svg",
                    "/static/p/sprite.svg#cat", "#local"]


def test_it_prints_the_plain_diary_pages_weight_within_the_goal():
    env = {"PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(SCRIPT), "--weight-only"], capture_output=True, text=True,
                            timeout=300, cwd=ROOT, check=False, env=env)
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    sections = re.split(r"^(?=\S.*first load)", out, flags=re.M)
    pages = {}
    for section in sections[1:]:
        title = section.splitlines()[0]
        rows = re.findall(r"^  (/\S*)\s+(\d+)\s+(\d+)\s+(\d+)$", section, re.M)
        total = re.search(r"^  total\s+(\d+)\s+(\d+)\s+(\d+)  = ([\d.]+) KB gzip, ([\d.]+) KB sent, "
                          r"(within|OVER) the (\d+) KB goal$", section, re.M)
        assert rows and total, section
        assert int(total.group(1)) == sum(int(raw) for _u, raw, _g, _s in rows)
        assert int(total.group(2)) == sum(int(gz) for _u, _r, gz, _s in rows)
        assert int(total.group(3)) == sum(int(sent) for *_rest, sent in rows)
        assert all(int(gz) < int(raw) or int(raw) < 300 for _u, raw, gz, _s in rows)  # really compressed
        assert all(int(sent) < int(raw) or int(raw) < 500 for _u, raw, _g, sent in rows)  # the app compresses
        pages[title.split(",")[0]] = ([url for url, *_rest in rows], total.group(6), int(total.group(7)))
    assert list(pages) == ["the login page", "a client's home page", "the diary page"], list(pages)
    files, verdict, goal = pages["the diary page"]
    assert files[0] == "/diary" and len(files) == len(set(files)) and goal == 60
    for expected in ("/static/css/app.css", "/static/css/plain.css", "/static/vendor/htmx-2.0.11.min.js"):
        assert any(url.split("?")[0] == expected for url in files), expected
    assert verdict == "within", out
    for page, first in (("the login page", "/login"), ("a client's home page", "/")):
        files, verdict, goal = pages[page]
        assert files[0] == first and goal == 50 and verdict == "within", out
    assert re.search(r"^  and the service worker fetches besides: \d+ files", out, re.M)
