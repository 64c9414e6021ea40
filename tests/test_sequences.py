"""Interaction loading, k-core filtering and the leave-one-out split."""

import pytest

from retrieval.catalog import CatalogError
from retrieval.interactions import Interaction, load_interactions
from retrieval.sequences import build_sequences, k_core


def test_k_core_is_iterative():
    rows = [
        Interaction("a", "x", 5, 1),
        Interaction("a", "y", 5, 2),
        Interaction("b", "x", 5, 3),
        Interaction("b", "y", 5, 4),
        Interaction("c", "x", 5, 5),
    ]
    # c has one interaction -> dropped; then x has 2, y has 2: stable at k=2
    assert {r.user_id for r in k_core(rows, 2, 2)} == {"a", "b"}
    assert k_core(rows, 3, 3) == []


def test_split_orders_by_time_and_never_leaks(ml_small):
    rows = load_interactions(f"movielens:{ml_small}")
    data = build_sequences(rows)
    assert (data.n_users, data.n_items, sum(map(len, data.seqs))) == (610, 3650, 90274)
    train = data.train()
    valid_in, valid_t = data.valid()
    test_in, test_t = data.test()
    stamps = {(r.user_id, r.item_id): r.timestamp for r in rows}
    for u in range(data.n_users):
        raw = [data.item_ids[i] for i in data.seqs[u]]
        times = [stamps[(data.user_ids[u], i)] for i in raw]
        assert times == sorted(times)
        assert valid_t[u] not in train[u] and test_t[u] not in test_in[u]
        assert test_in[u] == [*valid_in[u], valid_t[u]]
        assert len(set(data.seqs[u])) == len(data.seqs[u])


def test_other_sources(ml_100k, amazon, tmp_path):
    assert build_sequences(load_interactions(f"movielens:{ml_100k}")).n_users == 943
    assert len(load_interactions(f"amazon:{amazon}")) == 2972 + 2375
    path = tmp_path / "i.csv"
    path.write_text("user_id,item_id,rating,timestamp\nu1,i1,4,10\nu1,i2,x,11\n")
    with pytest.raises(CatalogError, match=r"i.csv:3: rating 'x'"):
        load_interactions(f"csv:{path}")


def test_movielens_1m_format(tmp_path):
    """ml-1m / ml-10m ship '::'-separated .dat files (not in ../shared/data; the format is documented)."""
    (tmp_path / "movies.dat").write_bytes(
        "1::Toy Story (1995)::Animation|Children's|Comedy\n2::Misérables, Les (1995)::Drama\n".encode(
            "latin-1"
        )
    )
    (tmp_path / "ratings.dat").write_text("1::1::5::978300760\n1::2::3::978302109\n")
    from retrieval import load_catalog

    items = load_catalog(f"movielens:{tmp_path}").items
    assert [(i.title, i.year) for i in items] == [("Toy Story", 1995), ("Les Misérables", 1995)]
    rows = load_interactions(f"movielens:{tmp_path}")
    assert [(r.user_id, r.item_id, r.rating, r.timestamp) for r in rows] == [
        ("1", "1", 5.0, 978300760),
        ("1", "2", 3.0, 978302109),
    ]
