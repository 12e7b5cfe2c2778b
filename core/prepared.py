"""Statements that PostgreSQL parses and plans once per connection, for what every request reads.

The policy decision point's statement (privacy.policy), the referral a change locks
(referrals.services) and the API key with its membership (accounts.api_auth) are read on every
request. Planning a join of four to six tables costs PostgreSQL more than running it, and Django
compiling the same select_related query costs more than both (docs/performance.md,
"Referrals"). `prepared_cursor` runs a fixed statement prepared; `OneRow` does the same for a
queryset that finds one row by one parameter, compiled by Django once per process.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar

import psycopg
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import NOT_PROVIDED, Field, Model, QuerySet
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]
from django.db.models.sql.compiler import SQLCompiler

# psycopg prepares a statement executed with prepare=True unless the connection's
# prepare_threshold is None, which is what Django sets when DATABASES' OPTIONS do not name it
# (to keep transaction-mode poolers working). Then the connection gets this threshold instead,
# so that only statements asked for are prepared (Django's own cursors never are: they bind on
# the client). A deployment that sets OPTIONS["prepare_threshold"] itself decides alone; None
# there turns this off, and the statements are planned on every execution as before.
PREPARE_ONLY_WHEN_ASKED = 2**31 - 1


class _PreparingCursor(psycopg.Cursor[Any]):
    """A psycopg cursor with server-side binding whose every statement is prepared."""

    def execute(
        self,
        query: Any,
        params: Any = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> Self:
        return super().execute(query, params, prepare=True, binary=binary)


class _PreparedDebugCursor(CursorDebugWrapper):
    """Logs (DEBUG, tests counting queries) a prepared statement with its parameters: psycopg
    keeps no text of an execution by name, where Django's debug cursor would read it."""

    def debug_sql(
        self,
        sql: str | None = None,
        params: Any = None,
        use_last_executed_query: bool = False,
        many: bool = False,
    ) -> AbstractContextManager[None]:
        if sql is not None and params is not None and not many:
            sql = self.db.ops.compose_sql(sql, params)
        return super().debug_sql(sql, params, False, many)


def prepared_cursor(connection: BaseDatabaseWrapper) -> CursorWrapper:
    """A cursor whose statements PostgreSQL parses and plans once per connection (elsewhere an
    ordinary cursor). It is still wrapped by Django, so execute wrappers, query logging and
    errors work as for any cursor."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = connection.connection
    if raw.prepare_threshold is None and "prepare_threshold" not in connection.settings_dict.get(
        "OPTIONS", {}
    ):
        raw.prepare_threshold = PREPARE_ONLY_WHEN_ASKED
    with connection.wrap_database_errors:
        cursor: Any = _PreparingCursor(raw)
    if connection.queries_logged:
        return _PreparedDebugCursor(cursor, connection)
    return connection.make_cursor(cursor)


M = TypeVar("M", bound=Model)


@dataclass
class _Compiled:
    sql: str
    compiler: SQLCompiler
    converters: dict[int, Any]
    init_list: list[str]
    start: int
    end: int
    populators: list[Any]


class OneRow(Generic[M]):
    """A queryset that finds at most one row by one parameter, such as
    `OneRow(Referral, lambda pk: Referral.objects.select_related("resident").filter(pk=pk))`.

    On PostgreSQL Django compiles it once per process and database, it runs as a prepared
    statement, and the instances are built as Django builds them (with its converters and its
    select_related populators). Elsewhere it is the queryset. The queryset must have exactly
    one parameter, the value (not None: that would compile to IS NULL), and no ordering or
    slicing that depends on it. `for_write`: the queryset locks (select_for_update).
    """

    def __init__(
        self, model: type[M], build: Callable[[Any], QuerySet[M]], *, for_write: bool = False
    ) -> None:
        self.model = model
        self.build = build
        self.for_write = for_write
        self._compiled: dict[str, _Compiled] = {}

    def get(self, value: Any) -> M | None:
        if value is None:
            raise ValueError("OneRow.get needs a value, not None")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            return None  # no bigint has it (and as numeric it would not use the index)
        route = router.db_for_write if self.for_write else router.db_for_read
        alias = route(self.model) or DEFAULT_DB_ALIAS
        compiled = self._compiled.get(alias)
        if compiled is None:
            queryset = self.build(value)
            if connections[queryset.db].vendor != "postgresql":
                return next(iter(queryset), None)
            compiled = self._compiled[alias] = self._compile(queryset, value)
        connection = connections[compiled.compiler.using or alias]
        with prepared_cursor(connection) as cursor:
            cursor.execute(compiled.sql, [value])
            rows = cursor.fetchmany(2)
        if not rows:
            return None
        if len(rows) > 1:
            raise ValueError(f"OneRow found more than one {self.model.__name__} for {value!r}")
        compiler = compiled.compiler
        row = next(iter(compiler.apply_converters(rows[:1], compiled.converters)))
        instance: M = self.model.from_db(
            compiler.using or alias, compiled.init_list, row[compiled.start : compiled.end]
        )
        for populator in compiled.populators:
            populator.populate(row, instance)
        return instance

    def _compile(self, queryset: QuerySet[M], value: Any) -> _Compiled:
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if list(params) != [value]:
            raise ValueError(f"OneRow needs exactly one parameter, the value; got {params!r}")
        select, klass_info = compiler.select, compiler.klass_info
        if klass_info is None or klass_info["model"] is not self.model:
            raise ValueError("OneRow needs a queryset of model instances")
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        return _Compiled(
            sql=sql,
            compiler=compiler,
            converters=compiler.get_converters([s[0] for s in select[: compiler.col_count]]),
            init_list=[column[0].target.attname for column in select[start:end]],
            start=start,
            end=end,
            populators=get_related_populators(klass_info, select, queryset.db),
        )


# --- writes ----------------------------------------------------------------------------------
# A change of a referral inserts its history event and updates the referral on every request;
# as prepared statements PostgreSQL plans them once per connection, and Django compiles their
# SQL once per process (a bare INSERT and UPDATE, which is all Model.save() sends for these).


def _writable(model: type[Model]) -> list[Field[Any, Any]]:
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    if model._meta.parents or any(
        f.generated or f.db_default is not NOT_PROVIDED for f in model._meta.local_concrete_fields
    ):
        raise ValueError(f"{model.__name__}: inherited, generated or db_default columns")
    return fields


_INSERTS: dict[tuple[type[Model], str], tuple[str, list[Field[Any, Any]]]] = {}


def insert(instance: Model) -> None:
    """INSERT the new instance and set its primary key, as `instance.save()` without signals
    (for models nobody listens to). Elsewhere than PostgreSQL: `save(force_insert=True)`."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance) or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if connection.vendor != "postgresql":
        instance.save(force_insert=True, using=alias)
        return
    compiled = _INSERTS.get((model, alias))
    if compiled is None:
        fields = _writable(model)
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names from the model
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))}) "
            f"RETURNING {quote(model._meta.pk.column)}"
        )
        compiled = _INSERTS[(model, alias)] = (sql, fields)
    sql, fields = compiled
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = alias


_UPDATES: dict[tuple[type[Model], str, tuple[str, ...]], tuple[str, list[Field[Any, Any]]]] = {}


def update(instance: Model, fields: Sequence[str]) -> None:
    """UPDATE these columns of the saved instance, as `instance.save(update_fields=fields)`
    without signals (for models nobody listens to): nothing when `fields` is empty, an error
    when the row is gone. Each set of columns is its own prepared statement."""
    if not fields:
        return
    model = type(instance)
    alias = instance._state.db or router.db_for_write(model, instance=instance) or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if connection.vendor != "postgresql":
        instance.save(update_fields=fields, using=alias)
        return
    key = (model, alias, tuple(fields))
    compiled = _UPDATES.get(key)
    if compiled is None:
        by_name = {f.name: f for f in _writable(model)} | {f.attname: f for f in _writable(model)}
        chosen = [by_name[name] for name in fields]
        quote = connection.ops.quote_name
        sql = (
            f"UPDATE {quote(model._meta.db_table)} "  # noqa: S608 - names from the model
            f"SET {', '.join(f'{quote(f.column)} = %s' for f in chosen)} "
            f"WHERE {quote(model._meta.pk.column)} = %s"
        )
        compiled = _UPDATES[key] = (sql, chosen)
    sql, chosen = compiled
    values = [f.get_db_prep_save(f.pre_save(instance, False), connection) for f in chosen]
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, [*values, instance.pk])
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
