"""Recomputes `expected` (or `error`) of every case in jinja2-cases.json with Python Jinja2 3.1.

Settings as in README.md: autoescape off, StrictUndefined, trim_blocks/lstrip_blocks off, the
single trailing newline removed, a `raise_exception(msg)` global, in Jinja2's sandbox.

    python3 libs/templating/corpus/reference.py          # report differences
    python3 libs/templating/corpus/reference.py --write  # update the file
"""
import json
import pathlib
import sys

import jinja2
from jinja2.sandbox import SandboxedEnvironment

CASES = pathlib.Path(__file__).with_name("jinja2-cases.json")


def raise_exception(message):
    raise jinja2.TemplateError(message)


def reference(case):
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    env.globals["raise_exception"] = raise_exception
    try:
        return {"expected": env.from_string(case["template"]).render(**case["variables"])}
    except Exception as error:  # noqa: BLE001 - any refusal is recorded as the case's error
        return {"error": f"{type(error).__name__}: {error}"}


def main():
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    changed = 0
    for case in cases:
        outcome = reference(case)
        current = {k: case[k] for k in ("expected", "error") if k in case}
        if current != outcome:
            changed += 1
            print(f"{case['id']}#{case['case']}: {current} -> {outcome}")
            case.pop("expected", None)
            case.pop("error", None)
            case.update(outcome)
    if "--write" in sys.argv:
        CASES.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} cases, {changed} differ from Jinja2 {jinja2.__version__}")


if __name__ == "__main__":
    main()
