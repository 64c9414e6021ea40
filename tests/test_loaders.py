"""Loaders on the real files in ../shared/data and on hand-written bad files."""

import gzip
import json

import pytest

from retrieval import CatalogError, load_catalog
from retrieval.loaders.amazon import clean_html
from retrieval.loaders.movielens import split_title


def test_movielens_latest_small(ml_small):
    report = load_catalog(f"movielens:{ml_small}")
    assert len(report.items) == 9742 and not report.skipped
    by_id = {i.item_id: i for i in report.items}
    toy = by_id["1"]
    assert (toy.title, toy.year) == ("Toy Story", 1995)
    assert set(toy.categories) == {"Adventure", "Animation", "Children", "Comedy", "Fantasy"}
    assert "Pixar" in toy.description  # user tags become the description
    assert by_id["11"].title == "The American President"
    assert "(no genres listed)" not in report.categories and len(report.categories) == 19


def test_movielens_100k_latin1(ml_100k):
    report = load_catalog(f"movielens:{ml_100k}")
    assert len(report.items) == 1682
    by_id = {i.item_id: i for i in report.items}
    assert by_id["1"].date == "1995-01-01" and by_id["1"].year == 1995
    assert any("é" in i.title for i in report.items)  # decoded as Latin-1, not mojibake
    assert "Children's" in by_id["1"].categories


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Toy Story (1995)", ("Toy Story", 1995)),
        ("Usual Suspects, The (1995)", ("The Usual Suspects", 1995)),
        (
            "City of Lost Children, The (Cité des enfants perdus, La) (1995)",
            ("The City of Lost Children (Cité des enfants perdus, La)", 1995),
        ),
        ("Babylon 5", ("Babylon 5", None)),
        ("Fawlty Towers (1975-1979)", ("Fawlty Towers", 1975)),
    ],
)
def test_split_title(raw, expected):
    assert split_title(raw) == expected


def test_amazon_cleans_and_merges(amazon):
    with pytest.raises(CatalogError, match=r"meta_Magazine_Subscriptions.json.gz:\d+: title is missing"):
        load_catalog(f"amazon:{amazon}")
    report = load_catalog(f"amazon:{amazon}", skip_bad=True)
    assert report.merged_duplicates == 1065  # the Magazine file repeats rows for one ASIN
    assert len(report.items) == 1547 + 2320 - len(report.skipped)
    assert not any("<" in i.title or "&#" in i.title or "{" in i.title for i in report.items)
    assert any(i.price == 1250.0 for i in report.items)
    assert all(len(c) <= 50 for i in report.items for c in i.categories)


def test_clean_html():
    assert clean_html(" Maggiano&#39;s <b>Gift</b>  Card") == "Maggiano's Gift Card"


def test_csv_good_and_bad(tmp_path):
    good = tmp_path / "c.csv"
    good.write_text("item_id,title,categories,year,price,director\n1,Heat,Crime|Action,1995,3.5,Mann\n")
    item = load_catalog(f"csv:{good}").items[0]
    assert item.categories == ("Crime", "Action") and item.extra == {"director": "Mann"}

    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,title,year\n1,Heat,1995\n2,Alien,nineteen\n3,Up\n4,Ok,2000\n")
    with pytest.raises(CatalogError, match=r"bad.csv:3: year 'nineteen' is not a number"):
        load_catalog(f"csv:{bad}")
    report = load_catalog(f"csv:{bad}", skip_bad=True)
    assert [i.item_id for i in report.items] == ["1", "4"]
    assert [s.split(": ")[0][-5:] for s in report.skipped] == ["csv:3", "csv:4"]


def test_csv_header_and_empty_file(tmp_path):
    (tmp_path / "h.csv").write_text("id,name\n1,x\n")
    with pytest.raises(CatalogError, match=r"h.csv:1: header lacks required column"):
        load_catalog(f"csv:{tmp_path / 'h.csv'}")
    (tmp_path / "e.csv").write_text("")
    with pytest.raises(CatalogError, match="empty"):
        load_catalog(f"csv:{tmp_path / 'e.csv'}")


def test_jsonl_bad_lines(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"item_id": "1", "title": "A", "categories": ["X"]}),
        "{not json",
        "[1,2]",
        json.dumps({"item_id": "2", "title": "B", "extra": {"k": "v"}, "color": "red"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CatalogError, match=r"c.jsonl:2: not valid JSON"):
        load_catalog(f"jsonl:{path}")
    report = load_catalog(f"jsonl:{path}", skip_bad=True)
    assert [i.item_id for i in report.items] == ["1", "2"]
    assert report.items[1].extra == {"color": "red", "k": "v"}
    assert len(report.skipped) == 2


def test_amazon_single_file_with_bad_json(tmp_path):
    path = tmp_path / "meta_X.json.gz"
    with gzip.open(path, "wt") as f:
        f.write(
            json.dumps(
                {
                    "asin": "B1",
                    "title": "A &amp; B",
                    "category": ["Cards"],
                    "price": "$5.00",
                    "date": "May 15, 2009",
                }
            )
            + "\n"
        )
        f.write("oops\n")
        f.write("[1, 2]\n")
    with pytest.raises(CatalogError, match=r"meta_X.json.gz:2: not valid JSON"):
        load_catalog(f"amazon:{path}")
    report = load_catalog(f"amazon:{path}", skip_bad=True)
    assert [reason.split(": ", 1)[1] for reason in report.skipped] == [
        "not valid JSON (Expecting value)",
        "a line must hold a JSON object",
    ]
    item = report.items[0]
    assert (item.title, item.price, item.year, item.categories) == ("A & B", 5.0, 2009, ("Cards",))


def test_bad_specs(tmp_path):
    with pytest.raises(CatalogError, match="expected KIND:PATH"):
        load_catalog("parquet:x")
    with pytest.raises(CatalogError, match="does not exist"):
        load_catalog(f"csv:{tmp_path / 'missing.csv'}")
    with pytest.raises(CatalogError, match="not a MovieLens folder"):
        load_catalog(f"movielens:{tmp_path}")
