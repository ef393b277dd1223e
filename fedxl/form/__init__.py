"""The ledger form: its plain-data model and the loader for the form definition file."""

from fedxl.form.load import FORM_FILE, load_form, parse_form
from fedxl.form.model import Column, Form, Rule, Sheet, resolve_bound
from fedxl.form.periods import month_end

__all__ = [
    "FORM_FILE",
    "Column",
    "Form",
    "Rule",
    "Sheet",
    "load_form",
    "month_end",
    "parse_form",
    "resolve_bound",
]
