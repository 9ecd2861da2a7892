import pytest

from . import scenario as scenario_module


@pytest.fixture
def scenario(db, staff_user):
    return scenario_module.build(staff_user)
