"""A safe YAML loader that resolves plain scalars by the YAML 1.2 core schema, not PyYAML's YAML 1.1.

YAML 1.1 (PyYAML's default) reads ``no``, ``yes``, ``on``, ``off``, ``y`` and ``n`` as booleans, ``010`` as the
octal 8, ``1_000`` as 1000, ``1:30`` as 90 and ``1e3`` as a string, so an issue with ``id: no`` (Norway) becomes
``false``.  The YAML 1.2.2 core schema (yaml.org/spec/1.2.2, section 10.3.2) resolves only:

* null: ``null``, ``Null``, ``NULL``, ``~`` and the empty scalar;
* booleans: ``true``/``True``/``TRUE``, ``false``/``False``/``FALSE``;
* integers: ``[-+]?[0-9]+`` (decimal, leading zeros allowed), ``0o[0-7]+``, ``0x[0-9a-fA-F]+``;
* floats: ``[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?``, ``[-+]?.inf``, ``.nan`` (three spellings);

everything else is a string.  Quoted scalars are strings in both versions.

>>> import yaml
>>> yaml.load("a: no\\nb: 010\\nc: 1e3\\nd: 1_000\\ne: true\\nf: 0x1F", Loader=Yaml12Loader)
{'a': 'no', 'b': 10, 'c': 1000.0, 'd': '1_000', 'e': True, 'f': 31}
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when present (faster)

_CORE = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+.0123456789"),
    ),
)
_REPLACED = {tag for tag, _, _ in _CORE}


class Yaml12Loader(_Base):  # type: ignore[misc]
    """Safe loader with the YAML 1.2 core schema's implicit types (see the module docstring)."""

    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {
        ch: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED]
        for ch, resolvers in _Base.yaml_implicit_resolvers.items()
    }

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """Decimal with leading zeros kept decimal (``010`` is 10), ``0o`` octal, ``0x`` hexadecimal."""
        value = str(self.construct_scalar(node))
        sign, digits = (-1, value[1:]) if value.startswith("-") else (1, value.lstrip("+"))
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)


for _tag, _rx, _first in _CORE:
    Yaml12Loader.add_implicit_resolver(_tag, re.compile(_rx), _first)
Yaml12Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Loader.construct_yaml_int)
