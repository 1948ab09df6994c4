"""`make audit`'s parts that need no Lighthouse: the server that serves the site as GitHub Pages does (gzip, the
ten-minute cache, folders, the 404 page), and what the audit reads from a Lighthouse report."""

import gzip
import http.client
import sys

import pytest

from sitebuild import REPO

sys.path.insert(0, str(REPO / "scripts"))
import audit  # noqa: E402
import serve_site  # noqa: E402


@pytest.fixture
def served(tmp_path):
    """A small site served under /playbook/, as GitHub Pages serves a project's site; yields a GET function."""
    (tmp_path / "tools").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Home</title>" + "<p>words</p>" * 200)
    (tmp_path / "tools" / "index.html").write_text("<!doctype html><title>Tools</title>")
    (tmp_path / "404.html").write_text("<!doctype html><title>Not here</title>")
    (tmp_path / "font.woff2").write_bytes(bytes(range(256)) * 8)
    server = serve_site.start(tmp_path, base="/playbook/")

    def get(path: str, gzip_accepted: bool = True):
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", path, headers={"Accept-Encoding": "gzip, br"} if gzip_accepted else {})
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response, body

    yield get
    server.shutdown()
    server.server_close()


def test_text_is_sent_compressed_with_gzip_and_cached_for_ten_minutes(served):
    response, body = served("/playbook/")
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert response.getheader("Cache-Control") == "max-age=600"
    assert gzip.decompress(body).startswith(b"<!doctype html><title>Home</title>")
    assert len(body) < len(gzip.decompress(body)) / 10


def test_a_browser_that_takes_no_gzip_and_a_compressed_font_get_the_plain_bytes(served):
    response, body = served("/playbook/", gzip_accepted=False)
    assert response.getheader("Content-Encoding") is None and body.startswith(b"<!doctype html>")
    response, body = served("/playbook/font.woff2")
    assert response.getheader("Content-Encoding") is None
    assert response.getheader("Content-Type") == "font/woff2" and body == bytes(range(256)) * 8


def test_a_folder_without_its_slash_is_sent_on_and_a_missing_page_gets_the_404_page(served):
    response, _ = served("/playbook/tools")
    assert (response.status, response.getheader("Location")) == (301, "/playbook/tools/")
    for missing in ("/playbook/nowhere/", "/elsewhere/", "/playbook/../../etc/passwd"):
        response, body = served(missing)
        assert response.status == 404
        assert b"<title>Not here</title>" in gzip.decompress(body)


def report(**audits) -> dict:
    """A Lighthouse report with one performance category made of `audits` (id: (weight, score, type))."""
    return {
        "categories": {**{name: {"score": 1, "auditRefs": []} for name in audit.TARGETS},
                       "performance": {"score": 0.87, "auditRefs": [
                           {"id": name, "weight": weight} for name, (weight, _, _) in audits.items()]}},
        "audits": {name: {"title": name.replace("-", " ").capitalize(), "score": score,
                          "displayValue": f"{name} found", "details": {"type": kind}}
                   for name, (_, score, kind) in audits.items()},
    }


def test_the_audit_names_what_costs_points_scored_audits_and_opportunities_only():
    result = report(**{"total-blocking-time": (30, 0.4, "debugdata"), "speed-index": (10, 0.95, "debugdata"),
                       "render-blocking-resources": (0, 0.5, "opportunity"), "diagnostics": (0, 0, "debugdata"),
                       "unused-css-rules": (0, None, "opportunity")})
    assert audit.scores(result)["performance"] == 87
    assert audit.shortfalls(result, "performance") == [
        "Total blocking time: total-blocking-time found", "Render blocking resources: render-blocking-resources found"]


def test_the_report_kept_is_the_run_with_the_median_performance():
    runs = [{"categories": {name: {"score": score} for name in audit.TARGETS}} for score in (0.97, 0.91, 0.99)]
    assert audit.median_run(runs) is runs[0]
