def test_every_page_sends_strict_security_headers(http):
    response = http.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Cache-Control"] == "no-store"


def test_pages_load_nothing_from_other_sites(http):
    html = http.get("/login").get_data(as_text=True)
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<script>" not in html and "style=" not in html


def test_hsts_is_sent_when_configured(app, http):
    app.config["HSTS"] = True
    try:
        assert "max-age" in http.get("/login").headers["Strict-Transport-Security"]
    finally:
        app.config["HSTS"] = False
