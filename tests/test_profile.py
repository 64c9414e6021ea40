"""The category interest profile (the seed's u^T c model)."""

import numpy as np

from retrieval.interest import CategoryProfiles, category_matrix, fit_profiles

CATS = ["Animation", "Comedy", "Horror", "Drama"]
ITEMS = [
    (),
    ("Animation",),
    ("Animation", "Comedy"),
    ("Horror",),
    ("Drama",),
    ("Comedy",),
    ("Horror", "Drama"),
    (),
]


def test_category_matrix_rows_sum_to_one():
    m = category_matrix(ITEMS, CATS)
    assert m.shape == (8, 4) and m[0].sum() == 0 and m[7].sum() == 0
    assert np.allclose(m[2], [0.5, 0.5, 0, 0]) and np.allclose(m[1:7].sum(axis=1), 1)


def test_profiles_follow_what_users_choose(tmp_path):
    m = category_matrix(ITEMS, CATS)
    histories = [[1, 2, 5], [3, 6, 4], [7]]  # a cartoon fan, a horror/drama fan, a user with no categories
    values = [[1.0, 0.9, 0.8], [1.0, 1.0, 0.6], [1.0]]
    profiles = fit_profiles(histories, values, m, CATS)
    fan, horror, blank = profiles.of(0), profiles.of(1), profiles.of(2)
    assert list(fan)[:2] == ["Animation", "Comedy"] and fan["Horror"] < 0.3
    assert next(iter(horror)) in ("Horror", "Drama") and horror["Animation"] < fan["Animation"]
    population = profiles.of(None)  # nothing to learn from: the population's profile
    assert all(abs(blank[c] - population[c]) < 1e-3 for c in CATS)
    assert all(0 < v < 1 for v in fan.values())

    profiles.save(tmp_path)
    again = CategoryProfiles.load(tmp_path)
    assert again.of(0) == fan and again.categories == CATS


def test_refit_one_user_against_a_fixed_population():
    m = category_matrix(ITEMS, CATS)
    base = fit_profiles([[1, 2, 5], [3, 6, 4]], [[1, 1, 1], [1, 1, 1]], m, CATS)
    one = fit_profiles([[3, 3, 6]], [[1, 1, 1]], m, CATS, population=base.population)
    assert np.allclose(one.population, base.population, atol=1e-5)
    assert next(iter(one.of(0))) == "Horror"
