"""Input errors that name the file, the line and the field.

Every problem with user input (a scenario, an upload, an imported file) is raised as a
:class:`ScenarioError` holding one or more :class:`Problem` records.  The CLI prints them and
exits with code 2; the web app shows them next to the editor.  No traceback reaches a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file."""

    message: str
    file: str = "<input>"
    line: int | None = None
    column: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        what = f" [{self.field}]" if self.field else ""
        return f"{where}{what}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class ScenarioError(Exception):
    """Raised for any invalid user input; carries every problem found, not just the first."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    @classmethod
    def single(
        cls,
        message: str,
        *,
        file: str = "<input>",
        line: int | None = None,
        field: str = "",
        column: int | None = None,
    ) -> ScenarioError:
        return cls([Problem(message=message, file=file, line=line, field=field, column=column)])
