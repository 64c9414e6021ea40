"""Layered configuration: defaults < config file < overrides."""

from pathlib import Path

import pytest

from agent.config import Config, ConfigError, load_config


def test_defaults_and_env_home(tmp_path):
    config = load_config(env={"LLMREC_HOME": str(tmp_path)})
    assert config.home == tmp_path and config.chroma_path == tmp_path / "chroma"
    assert config.store.host is None and config.embedding.model == "all-MiniLM-L6-v2"
    assert load_config(env={}).home == Path("~/.llmrec").expanduser()


def test_file_then_overrides(tmp_path):
    (tmp_path / "config.toml").write_text(
        '[store]\nhost = "10.0.0.1"\nport = 9000\n[embedding]\nmodel = "m"\n'
    )
    config = load_config(
        env={"LLMREC_HOME": str(tmp_path)}, overrides={"store.port": 9100, "store.host": None}
    )
    assert (config.store.host, config.store.port, config.embedding.model) == ("10.0.0.1", 9100, "m")


def test_explicit_file_and_home_override(tmp_path):
    cfg = tmp_path / "x.toml"
    cfg.write_text("[store]\ncollection = 'movies'\n")
    config = load_config(cfg, overrides={"home": tmp_path / "h"}, env={})
    assert config.store.collection == "movies" and config.home == tmp_path / "h"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[store]\nprot = 1\n", "unknown setting 'store.prot'"),
        ("[store]\nport = 'abc'\n", "store.port must be int"),
        ("nonsense = [", "not valid TOML"),
    ],
)
def test_bad_files_are_named(tmp_path, text, message):
    (tmp_path / "config.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(env={"LLMREC_HOME": str(tmp_path)})


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml", env={})


def test_config_is_plain_data():
    assert Config().store.port == 8000


def test_a_config_built_directly_has_an_absolute_home():
    assert Config().home.is_absolute() and "~" not in str(Config().models_dir)
