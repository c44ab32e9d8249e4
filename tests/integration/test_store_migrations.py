from datetime import date

from sqlalchemy import Engine, inspect, select

from entekhab.store.tables.foundation import Citizen
from entekhab.store.uow import UnitOfWorkFactory


def test_migrations_create_the_foundation_tables(engine: Engine) -> None:
    names = set(inspect(engine).get_table_names())
    assert {"elections", "citizens", "alembic_version"} <= names


def test_unit_of_work_rolls_back_what_was_not_committed(uow_factory: UnitOfWorkFactory) -> None:
    citizen = Citizen(
        national_code="0012345679",
        birth_date=date(1990, 1, 1),
        gender="f",
        residence_division="X",
        residence_since=date(2000, 1, 1),
    )
    with uow_factory() as uow:
        uow.session.add(citizen)
        uow.session.flush()
    with uow_factory() as uow:
        assert uow.session.scalars(select(Citizen)).all() == []
