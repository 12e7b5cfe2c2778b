"""Statements that PostgreSQL parses and plans once per connection, for what every request reads.

The policy decision point's statement (privacy.policy), the referral a change locks
(referrals.services) and the API key with its membership (accounts.api_auth) are read on every
request. Planning a join of four to six tables costs PostgreSQL more than running it, and Django
compiling the same select_related query costs more than both (docs/performance.md,
"Referrals"). `prepared_cursor` runs a fixed statement prepared; `OneRow` does the same for a
queryset that finds one row by one parameter, compiled by Django once per process.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
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


@dataclass(frozen=True)
class _Write:
    """A model's INSERT or UPDATE as SQL with named parameters (`<table>_<column>`, so that it
    can join other writes in one statement), the fields whose values it takes, and the SQL
    expression that answers its result once it is a CTE named `name` (see `together`)."""

    name: str
    sql: str
    fields: list[Field[Any, Any]]
    result: str

    def params(self, values: Sequence[Any]) -> dict[str, Any]:
        return {f"{self.name}_{f.column}": v for f, v in zip(self.fields, values, strict=True)}

    def send(
        self,
        connection: BaseDatabaseWrapper,
        params: dict[str, Any],
        done: Callable[[Sequence[Any]], None],
        answer: Callable[[Any], Sequence[Any]],
    ) -> None:
        """Join the open `together()` block, or run now; `done` gets the result row (`answer`
        reads it from the cursor when the write runs alone)."""
        ctes = f"{self.name} AS ({self.sql})"
        if defer(connection, ctes=ctes, results=[self.result], params=params, done=done):
            return
        with prepared_cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            done(answer(cursor))


_INSERTS: dict[tuple[type[Model], str], _Write] = {}


def insert(instance: Model) -> None:
    """INSERT the new instance and set its primary key, as `instance.save()` without signals
    (for models nobody listens to). Elsewhere than PostgreSQL: `save(force_insert=True)`.
    Inside `together()` the primary key is set when the block ends."""
    model = type(instance)
    alias = router.db_for_write(model, instance=instance) or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if connection.vendor != "postgresql":
        instance.save(force_insert=True, using=alias)
        return
    write = _INSERTS.get((model, alias))
    if write is None:
        fields = _writable(model)
        quote = connection.ops.quote_name
        table, pk = model._meta.db_table, quote(model._meta.pk.column)
        name = f"{table}_inserted"
        sql = (
            f"INSERT INTO {quote(table)} "  # noqa: S608 - names from the model
            f"({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(f'%({name}_{f.column})s' for f in fields)}) "
            f"RETURNING {pk}"
        )
        result = f"(SELECT {pk} FROM {name})"  # noqa: S608 - names from the model
        write = _INSERTS[(model, alias)] = _Write(name, sql, fields, result)
    params = write.params(
        [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in write.fields]
    )

    def done(row: Sequence[Any]) -> None:
        instance.pk = row[0]
        instance._state.adding = False
        instance._state.db = alias

    write.send(connection, params, done, lambda cursor: cursor.fetchone())


_UPDATES: dict[tuple[type[Model], str, tuple[str, ...]], _Write] = {}


def update(instance: Model, fields: Sequence[str]) -> None:
    """UPDATE these columns of the saved instance, as `instance.save(update_fields=fields)`
    without signals (for models nobody listens to): nothing when `fields` is empty, an error
    when the row is gone (inside `together()`, when the block ends). Each set of columns is its
    own prepared statement."""
    if not fields:
        return
    model = type(instance)
    alias = instance._state.db or router.db_for_write(model, instance=instance) or DEFAULT_DB_ALIAS
    connection = connections[alias]
    if connection.vendor != "postgresql":
        instance.save(update_fields=fields, using=alias)
        return
    key = (model, alias, tuple(fields))
    write = _UPDATES.get(key)
    if write is None:
        by_name = {f.name: f for f in _writable(model)} | {f.attname: f for f in _writable(model)}
        chosen = [by_name[name] for name in fields]
        quote = connection.ops.quote_name
        table, pk = model._meta.db_table, quote(model._meta.pk.column)
        name = f"{table}_updated"
        sql = (
            f"UPDATE {quote(table)} "  # noqa: S608 - names from the model
            f"SET {', '.join(f'{quote(f.column)} = %({name}_{f.column})s' for f in chosen)} "
            f"WHERE {pk} = %({name}_pk)s RETURNING 1"
        )
        result = f"(SELECT count(*) FROM {name})"  # noqa: S608 - names from the model
        write = _UPDATES[key] = _Write(name, sql, chosen, result)
    values = [f.get_db_prep_save(f.pre_save(instance, False), connection) for f in write.fields]
    params = write.params(values) | {f"{write.name}_pk": instance.pk}

    def done(row: Sequence[Any]) -> None:
        if row[0] != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")

    write.send(connection, params, done, lambda cursor: (cursor.rowcount,))


# --- several writes as one statement -----------------------------------------------------------
# A change of a referral ends with four writes: its history event, the notification (with its
# e-mail), the referral and the access log's entry. Sent one by one they are four round trips,
# each with its share of Django's cursor, psycopg and PostgreSQL's per-statement work. Inside
# `together()` the writes that can wait (insert, update, notifications.services' statement and
# audit.services.append, which ask `defer`) are gathered and sent when the block ends as one
# statement of data-modifying CTEs, prepared like the others (one prepared statement per
# combination of parts). A statement is atomic: it writes everything or nothing, and the
# transaction around it rolls back with the error. What a deferred write returns (an id, the
# audit entry's hash) is filled in only when the block ends, so nothing inside the block may read
# what another deferred write wrote.


@dataclass
class _Part:
    ctes: str  # "name AS (…)[, name2 AS (…)]": the part's write(s), with RETURNING
    results: list[str]  # SQL expressions over its CTEs: columns of the one row answered
    params: dict[str, Any]
    done: Callable[[tuple[Any, ...]], None]  # gets those columns' values


class _Gathered:
    def __init__(self) -> None:
        self.parts: list[_Part] = []

    def statement(self) -> tuple[str, dict[str, Any]]:
        """WITH every part's CTEs SELECT every part's results, in the order the parts came: the
        columns are computed left to right, so the last part's write (the access log) is last."""
        params: dict[str, Any] = {}
        for part in self.parts:
            if params.keys() & part.params.keys():
                raise ValueError(f"prepared.together: parameters gathered twice: {part.params}")
            params |= part.params
        columns = ", ".join(result for part in self.parts for result in part.results)
        ctes = ",\n".join(part.ctes for part in self.parts)
        return f"WITH {ctes}\nSELECT {columns}", params


_gathering: dict[BaseDatabaseWrapper, _Gathered] = {}


@contextmanager
def together(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Send the writes made inside that ask `defer` as one statement when the block ends (only
    if it ends without an error). Must run inside the transaction. Elsewhere than PostgreSQL,
    and inside another `together`, the writes run one by one as they come."""
    connection = connections[using]
    if connection.vendor != "postgresql" or connection in _gathering:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("prepared.together() runs inside a transaction")
    gathered = _gathering[connection] = _Gathered()
    try:
        yield
    finally:
        del _gathering[connection]
    if not gathered.parts:
        return
    sql, params = gathered.statement()
    with prepared_cursor(connection) as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    position = 0
    for part in gathered.parts:
        part.done(tuple(row[position : position + len(part.results)]))
        position += len(part.results)


def defer(
    connection: BaseDatabaseWrapper,
    *,
    ctes: str,
    results: list[str],
    params: dict[str, Any],
    done: Callable[[tuple[Any, ...]], None],
) -> bool:
    """Add a write to the statement `together()` is gathering on this connection; False when
    none is (the caller then runs its own statement). The CTE and parameter names must be unique
    in the statement: a part with names already there is refused (ValueError)."""
    gathered = _gathering.get(connection)
    if gathered is None:
        return False
    for part in gathered.parts:
        if part.params.keys() & params.keys():
            raise ValueError(f"prepared.defer: {sorted(params)} gathered twice in one statement")
    gathered.parts.append(_Part(ctes, results, params, done))
    return True
