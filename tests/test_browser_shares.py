"""The browser files shared between the two side-by-side suites (tests/conftest.py)."""
from tests.conftest import PINNED_TO_SQLITE, browser_shares


def test_every_file_runs_once_pinned_ones_on_sqlite_and_both_suites_get_flows():
    counts = {"test_staff_a11y.py": 79, "test_client_path.py": 1, "test_a.py": 9, "test_b.py": 7, "test_c.py": 5,
              "test_d.py": 2, "test_e.py": 1}
    shares = browser_shares(counts)
    assert set(shares) == set(counts) and set(shares.values()) == {"sqlite", "postgres"}
    assert all(shares[name] == "sqlite" for name in counts if name in PINNED_TO_SQLITE)
    assert shares == browser_shares(dict(reversed(list(counts.items()))))  # the order of collection does not matter


def test_the_largest_flow_goes_to_the_lighter_run():
    shares = browser_shares({"test_staff_a11y.py": 100, "test_big.py": 20, "test_small.py": 1})
    assert shares["test_big.py"] == "postgres"  # SQLite already has the accessibility pages
