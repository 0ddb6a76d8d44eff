"""Staff UI fixtures: a seeded SQLite database, settings with a known actor, and the app with a fixed clock."""

from __future__ import annotations

import pytest

from mailbot.settings import Settings
from tests.tui.seed import NOW, seed


@pytest.fixture
def ui_settings(tmp_path) -> Settings:
    return Settings(db=f"sqlite:///{tmp_path / 'ui.db'}", data_dir=tmp_path / "var", isolate_intake=False,
                    actor="officer.test")


@pytest.fixture
def ui_engine(ui_settings):
    from store.db import open_database

    engine = open_database(ui_settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seeded(ui_engine):
    seed(ui_engine)
    return ui_engine


@pytest.fixture
def make_app(ui_settings, seeded):
    from tui.app import MdregApp
    from tui.clock import fixed_clock

    def make() -> MdregApp:
        return MdregApp(settings=ui_settings, engine=seeded, clock=fixed_clock(NOW))

    return make
