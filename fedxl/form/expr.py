"""A tiny, safe expression language for the form's cross-field rules.

Rules are written in the form file, e.g. ``女职工数 <= 职工总数`` or
``filled(物资名称) or coalesce(`现金(元)`, 0) > 0``. Names are column names (wrap a name that is
not an identifier in backticks); literals are strings, numbers and tuples; operators are
comparisons, ``in`` / ``not in``, ``and`` / ``or`` / ``not``; functions are ``filled(x)``,
``coalesce(x, default)`` and ``len(x)``. Empty values are None and follow SQL's three-valued
logic: a comparison with None is unknown, and a rule fails only when its check is definitely
false (an unknown check passes, like a SQL CHECK constraint).
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

_BACKTICK = re.compile(r"`([^`]+)`")
_CMP = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
FUNCTIONS = {"filled": 1, "coalesce": 2, "len": 1}


class ExprError(ValueError):
    """The expression is not valid in the rule language."""


@dataclass(frozen=True)
class Expr:
    source: str
    node: ast.expr = field(compare=False, repr=False)
    names: frozenset[str] = frozenset()
    aliases: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)

    fn: Callable[[Mapping[str, Any]], Any] | None = field(default=None, compare=False, repr=False)

    def evaluate(self, row: Mapping[str, Any]) -> Any:
        """Value of the expression for `row` (column name -> value, None when empty)."""
        if self.fn is not None:
            return self.fn(row)
        return _eval(self.node, row, self.aliases)


def compile_expr(source: str) -> Expr:
    """Parse and vet `source`; raise ExprError on anything outside the language."""
    aliases: dict[str, str] = {}

    def sub(m: re.Match[str]) -> str:
        ident = f"__col{len(aliases)}"
        aliases[ident] = m.group(1)
        return ident

    text = _BACKTICK.sub(sub, source.strip())
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise ExprError(f"syntax error: {exc.msg}") from None
    names: set[str] = set()
    _vet(tree.body, names, aliases)
    return Expr(source, tree.body, frozenset(names), aliases, _compile(tree.body, aliases))


def _vet(node: ast.AST, names: set[str], aliases: Mapping[str, str]) -> None:
    if isinstance(node, ast.BoolOp | ast.Compare):
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if type(op) not in _CMP and not isinstance(op, ast.In | ast.NotIn):
                    raise ExprError(f"operator {type(op).__name__} is not allowed")
            children = [node.left, *node.comparators]
        else:
            children = list(node.values)
        for child in children:
            _vet(child, names, aliases)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
        _vet(node.operand, names, aliases)
    elif isinstance(node, ast.Name):
        names.add(aliases.get(node.id, node.id))
    elif isinstance(node, ast.Constant) and isinstance(node.value, str | int | float):
        pass
    elif isinstance(node, ast.Tuple | ast.List):
        for elt in node.elts:
            if not isinstance(elt, ast.Constant):
                raise ExprError("lists may hold only literal values")
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        arity = FUNCTIONS.get(node.func.id)
        if arity is None:
            raise ExprError(f"unknown function {node.func.id}()")
        if len(node.args) != arity or node.keywords:
            raise ExprError(f"{node.func.id}() takes {arity} argument(s)")
        for arg in node.args:
            _vet(arg, names, aliases)
    else:
        raise ExprError(f"'{ast.unparse(node)}' is not allowed in a rule")


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _eval(node: ast.expr, row: Mapping[str, Any], aliases: Mapping[str, str]) -> Any:
    if isinstance(node, ast.Name):
        value = row.get(aliases.get(node.id, node.id))
        return value if _filled(value) else None
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        return tuple(_eval(e, row, aliases) for e in node.elts)
    if isinstance(node, ast.UnaryOp):
        val = _eval(node.operand, row, aliases)
        if val is None:
            return None
        return (not val) if isinstance(node.op, ast.Not) else -val
    if isinstance(node, ast.BoolOp):
        is_and = isinstance(node.op, ast.And)
        unknown = False
        for child in node.values:
            val = _eval(child, row, aliases)
            if val is None:
                unknown = True
            elif bool(val) != is_and:
                return not is_and
        return None if unknown else is_and
    if isinstance(node, ast.Compare):
        left = _eval(node.left, row, aliases)
        for op, comp in zip(node.ops, node.comparators, strict=True):
            right = _eval(comp, row, aliases)
            if left is None or right is None:
                return None
            try:
                if isinstance(op, ast.In | ast.NotIn):
                    ok = (left in right) == isinstance(op, ast.In)
                else:
                    ok = _CMP[type(op)](left, right)
            except TypeError:
                return None
            if not ok:
                return False
            left = right
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_eval(a, row, aliases) for a in node.args]
        if node.func.id == "filled":
            return _filled(args[0])
        if node.func.id == "coalesce":
            return args[0] if args[0] is not None else args[1]
        return None if args[0] is None else len(str(args[0]))
    raise ExprError(f"cannot evaluate {ast.unparse(node)}")


Fn = Callable[[Mapping[str, Any]], Any]


def _compile(node: ast.expr, aliases: Mapping[str, str]) -> Fn:
    """The expression as nested closures: the same semantics as _eval, without the tree walk."""
    if isinstance(node, ast.Name):
        name = aliases.get(node.id, node.id)

        def get(row: Mapping[str, Any]) -> Any:
            value = row.get(name)
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            return value

        return get
    if isinstance(node, ast.Constant):
        const = node.value
        return lambda row: const
    if isinstance(node, ast.Tuple | ast.List) and all(
        isinstance(e, ast.Constant) for e in node.elts
    ):
        values = tuple(e.value for e in node.elts)  # type: ignore[attr-defined]
        return lambda row: values
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        args = [_compile(a, aliases) for a in node.args]
        if node.func.id == "filled":
            arg = args[0]
            return lambda row: _filled(arg(row))
        if node.func.id == "coalesce":
            first, second = args
            return lambda row: v if (v := first(row)) is not None else second(row)
        arg = args[0]
        return lambda row: None if (v := arg(row)) is None else len(str(v))
    if isinstance(node, ast.UnaryOp):
        inner = _compile(node.operand, aliases)
        if isinstance(node.op, ast.Not):
            return lambda row: None if (v := inner(row)) is None else not v
        return lambda row: None if (v := inner(row)) is None else -v
    if isinstance(node, ast.BoolOp):
        parts = [_compile(v, aliases) for v in node.values]
        is_and = isinstance(node.op, ast.And)

        def boolop(row: Mapping[str, Any]) -> Any:
            unknown = False
            for part in parts:
                val = part(row)
                if val is None:
                    unknown = True
                elif bool(val) != is_and:
                    return not is_and
            return None if unknown else is_and

        return boolop
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = _compile(node.left, aliases), _compile(node.comparators[0], aliases)
        kind = type(node.ops[0])
        if kind in (ast.In, ast.NotIn):
            want = kind is ast.In

            def member(row: Mapping[str, Any]) -> Any:
                a, b = left(row), right(row)
                if a is None or b is None:
                    return None
                try:
                    return (a in b) == want
                except TypeError:
                    return None

            return member
        op = _CMP[kind]

        def compare(row: Mapping[str, Any]) -> Any:
            a, b = left(row), right(row)
            if a is None or b is None:
                return None
            try:
                return bool(op(a, b))
            except TypeError:
                return None

        return compare
    return lambda row: _eval(node, row, aliases)
