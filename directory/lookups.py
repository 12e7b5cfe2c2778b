"""`has_token`: does a token string (" stem stem ") contain this token, or a token starting with it?

The search stores text as space-separated tokens of letters and digits (directory.search). On
PostgreSQL the lookup asks a full-text GIN index over those tokens (`to_tsvector('simple', …)`,
migration 0002); elsewhere it is a LIKE on the padded string. Both answer the same question for
such tokens, so results are the same on every database (ADR 0005).

The value is the token, with a trailing "*" for a prefix match. `has_any_token` takes a list of
such tokens and matches when any of them does: on PostgreSQL that is one index scan for the whole
list instead of one per token.
"""

import re
from typing import Any

from django.db import models
from django.db.models import Lookup

TOKEN_RE = re.compile(r"^[a-z0-9]+\*?$")


class TokenTextField(models.TextField):
    """A text field holding search tokens; it has the `has_token` lookup."""


@TokenTextField.register_lookup
class HasToken(Lookup):
    lookup_name = "has_token"
    prepare_rhs = False

    def _token(self) -> tuple[str, bool]:
        value = str(self.rhs)
        if not TOKEN_RE.match(value):
            raise ValueError(f"not a search token: {value!r}")
        return value.rstrip("*"), value.endswith("*")

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        token, prefix = self._token()
        return f"{lhs} LIKE %s", [*lhs_params, f"% {token}{'%' if prefix else ' %'}"]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        token, prefix = self._token()
        query = f"{token}:*" if prefix else token
        return f"{_vector(lhs)} @@ to_tsquery('simple'::regconfig, %s)", [*lhs_params, query]


@TokenTextField.register_lookup
class HasAnyToken(Lookup):
    lookup_name = "has_any_token"
    prepare_rhs = False

    def _tokens(self) -> list[tuple[str, bool]]:
        values = [str(value) for value in self.rhs]
        if not values:
            raise ValueError("has_any_token needs at least one token")
        for value in values:
            if not TOKEN_RE.match(value):
                raise ValueError(f"not a search token: {value!r}")
        return [(value.rstrip("*"), value.endswith("*")) for value in values]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        conditions: list[str] = []
        params: list[Any] = []
        for token, prefix in self._tokens():
            conditions.append(f"{lhs} LIKE %s")
            params += [*lhs_params, f"% {token}{'%' if prefix else ' %'}"]
        return f"({' OR '.join(conditions)})", params

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        query = " | ".join(f"{token}:*" if prefix else token for token, prefix in self._tokens())
        return f"{_vector(lhs)} @@ to_tsquery('simple'::regconfig, %s)", [*lhs_params, query]


def _vector(lhs: str) -> str:
    """The column's stored tsvector twin (migration 0005) saves parsing the text per row."""
    if lhs.endswith('"'):
        return lhs[:-1] + '_tsv"'
    return f"to_tsvector('simple'::regconfig, {lhs})"
