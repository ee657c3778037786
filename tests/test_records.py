"""A Record behaves as the dataclass it replaces: made by position or name, with defaults
and default factories, equal and hashed by its fields, shown by them, frozen, matched by
position, copied and pickled. Each check is made against a dataclass of the same fields."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import ClassVar

import pytest

from reader.records import Record, field, replace


class Point(Record):
    x: int
    y: int = 0
    kind: ClassVar[str] = "point"


@dataclasses.dataclass(frozen=True)
class PointData:
    x: int
    y: int = 0
    kind: ClassVar[str] = "point"


class Tally(Record, frozen=False):
    count: int = 0
    items: list[str] = field(default_factory=list)


@dataclasses.dataclass
class TallyData:
    count: int = 0
    items: list[str] = dataclasses.field(default_factory=list)


class Point3(Point):
    z: int = 0


def test_made_by_position_and_name_with_defaults() -> None:
    for args, kwargs in [((1, 2), {}), ((1,), {}), ((), {"x": 1, "y": 2}), ((1,), {"y": 5})]:
        record, data = Point(*args, **kwargs), PointData(*args, **kwargs)
        assert (record.x, record.y) == (data.x, data.y)
    assert Point._fields == ("x", "y")
    assert Point3(1, 2, 3).z == 3
    assert Point3._fields == ("x", "y", "z")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), ((1, 2, 3), {}), ((1,), {"x": 2}), ((1,), {"w": 2}), ((), {"kind": "a"})],
)
def test_wrong_arguments_are_refused_as_by_a_dataclass(args, kwargs) -> None:
    with pytest.raises(TypeError):
        PointData(*args, **kwargs)
    with pytest.raises(TypeError):
        Point(*args, **kwargs)


def test_equal_and_hashed_by_fields_within_a_class() -> None:
    assert Point(1, 2) == Point(1, 2)
    assert Point(1, 2) != Point(2, 1)
    assert hash(Point(1, 2)) == hash(Point(1, 2)) == hash(PointData(1, 2))
    assert Point(1, 2) != (1, 2)
    assert Point(1, 0) != Point3(1, 0, 0)
    assert len({Point(1, 2), Point(1, 2), Point(3, 4)}) == 2


def test_shown_as_a_dataclass() -> None:
    assert repr(Point(1, "a")) == repr(PointData(1, "a")).replace("PointData", "Point")  # type: ignore[arg-type]


def test_frozen_unless_asked() -> None:
    point = Point(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del point.x  # type: ignore[misc]
    tally = Tally()
    tally.count += 1
    assert tally.count == 1
    with pytest.raises(TypeError):
        hash(tally)  # mutable, as a dataclass: unhashable
    with pytest.raises(TypeError):
        hash(TallyData())


def test_default_factories_make_a_new_value_each_time() -> None:
    first, second = Tally(), Tally()
    first.items.append("a")
    assert second.items == [] == TallyData().items
    assert Tally(2, ["b"]) == Tally(count=2, items=["b"])
    assert "items" not in Tally.__dict__


def test_matched_by_position() -> None:
    match Point3(1, 2, 3):
        case Point3(x, y, z):
            assert (x, y, z) == (1, 2, 3)
        case _:
            pytest.fail("not matched")


def test_copied_and_pickled() -> None:
    point, tally = Point3(1, 2, 3), Tally(1, ["a"])
    for made in (copy.copy, copy.deepcopy, lambda r: pickle.loads(pickle.dumps(r))):
        assert made(point) == point
        assert made(tally) == tally
    with pytest.raises(dataclasses.FrozenInstanceError):
        pickle.loads(pickle.dumps(point)).x = 5


def test_replaced_as_by_dataclasses_replace() -> None:
    point = Point3(1, 2, 3)
    moved = replace(point, y=5)
    assert moved == Point3(1, 5, 3)
    assert point == Point3(1, 2, 3)
    assert type(moved) is Point3
    assert dataclasses.replace(PointData(1, 2), y=5) == PointData(1, 5)
    with pytest.raises(TypeError):
        replace(point, w=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.y = 6  # type: ignore[misc]
    tally = Tally(1, ["a"])
    more = replace(tally, count=2)
    more.count += 1
    assert (tally.count, more.count, more.items) == (1, 3, ["a"])
