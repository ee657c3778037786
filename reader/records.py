"""Small value classes made without code generation: :class:`Record`.

A dataclass costs 0.5-1 ms to make (its methods are written out as source and compiled,
and ``slots=True`` makes the class twice), and the modules the first screen imports made
some fifty of them: 30 ms of CPU before anything was drawn. A :class:`Record` subclass
is declared the same way (fields as annotations, defaults as values, ``field(default_factory=…)``
for a fresh list or dict) and behaves the same way for what the reader uses: an
``__init__`` taking the fields by position or name, ``==`` and ``hash`` over the fields
(between records of the same class only), a ``repr`` naming them, ``match`` by position,
frozen unless ``frozen=False`` (assigning raises :class:`dataclasses.FrozenInstanceError`),
and copies and pickles. Making one reads the annotations once and compiles nothing.

Types copied with :func:`dataclasses.replace`, or whose fields are listed with
:func:`dataclasses.fields`, stay dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import FrozenInstanceError
from typing import Any, ClassVar, TypeVar, dataclass_transform

__all__ = ["Record", "field", "replace"]

T = TypeVar("T")


class _Factory:
    """A field's default made anew for each record (see :func:`field`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is ``default_factory()``, made for each record."""
    return _Factory(default_factory)  # type: ignore[return-value]


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """A value class: subclass it and annotate the fields (see the module's text).

    ``class Edit(Record, frozen=False)`` makes one whose fields can be assigned.
    """

    #: The fields, in order (a subclass's after its bases').
    _fields: ClassVar[tuple[str, ...]] = ()
    #: The fields' defaults and default factories, by name.
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[dict[str, Callable[[], Any]]] = {}

    def __init_subclass__(cls, frozen: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        factories = dict(cls._factories)
        own = cls.__dict__
        for name, kind in own.get("__annotations__", {}).items():
            if "ClassVar" in str(kind):
                continue
            if name not in fields:
                fields.append(name)
            if name in own:
                value = own[name]
                if isinstance(value, _Factory):
                    factories[name] = value.make
                    delattr(cls, name)
                else:
                    defaults[name] = value
        cls._fields = tuple(fields)
        cls._defaults = defaults
        cls._factories = factories
        # Set past the type checker, which knows these from the dataclass transform.
        made: dict[str, object] = {"__match_args__": cls._fields}
        if frozen:
            made.update(__setattr__=_frozen_setattr, __delattr__=_frozen_delattr)
        else:  # as a dataclass's: assignable, and so not hashable
            made.update(__setattr__=object.__setattr__, __delattr__=object.__delattr__)
            made.update(__hash__=None)
        for name, value in made.items():
            setattr(cls, name, value)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(
                f"{type(self).__name__}() takes {len(fields)} arguments but {len(args)} were given"
            )
        values = self.__dict__
        values.update(zip(fields, args, strict=False))
        for name, value in kwargs.items():
            if name in values or name not in fields:
                problem = "got multiple values for" if name in values else "has no field"
                raise TypeError(f"{type(self).__name__}() {problem} {name!r}")
            values[name] = value
        if len(values) < len(fields):
            for name in fields:
                if name in values:
                    continue
                if name in self._defaults:
                    values[name] = self._defaults[name]
                elif name in self._factories:
                    values[name] = self._factories[name]()
                else:
                    raise TypeError(f"{type(self).__name__}() is missing the field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        values = self.__dict__
        return tuple([values[name] for name in self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        values = self.__dict__
        shown = ", ".join(f"{name}={values[name]!r}" for name in self._fields)
        return f"{type(self).__qualname__}({shown})"


R = TypeVar("R", bound=Record)


def replace(record: R, /, **changes: Any) -> R:
    """A copy of ``record`` with the fields ``changes`` names set anew (as
    :func:`dataclasses.replace` makes one of a dataclass)."""
    fields = record._fields
    for name in changes:
        if name not in fields:
            raise TypeError(f"{type(record).__name__} has no field {name!r}")
    copy = object.__new__(type(record))
    values = copy.__dict__
    values.update(record.__dict__)
    values.update(changes)
    return copy
