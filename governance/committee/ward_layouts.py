"""Each ward's form layouts, found by the municipality's code (全国地方公共団体コード) under the form layout
roots (settings.FORM_LAYOUT_DIRS): a directory per code holding `layout.toml` — what the ward calls its forms and
the few choices its forms make — and the templates (Django template language, HTML and CSS) it prints with.

    form_layouts/
      common/            the forms both wards print alike (第5号様式, 第3号様式, checklists, 事前一括承認基準)
      131041/            新宿区: layout.toml, fugi.html (付議事項 and its 別紙)
      131202/            練馬区: layout.toml, ketsugo.html (電子計算組織の結合について)

A template in a ward's directory replaces the common one of the same name; `extends = "<code>"` in layout.toml
takes another ward's description and templates for what this ward does not give, so a ward printing like 新宿区
is one layout.toml. The templates receive each field already written out as the department wrote it (escaped,
its lines kept), so a template only places fields and prints the form's own labels.
"""

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Engine

COMMON = "common"
# A municipality without a layout of its own prints 新宿区's forms, as the committee's first ward did.
FALLBACK_CODE = "131041"
KEYS = {"name", "extends", "submission_template", "submission_title", "basis_article", "checklist_numbers",
        "subject_headings"}


@dataclass(frozen=True)
class WardLayout:
    """How a ward prints its forms: its description (layout.toml) and where its templates are looked up."""

    code: str
    name: str
    submission_template: str  # the ward's submission form, e.g. fugi.html (付議事項 + 別紙) or ketsugo.html
    submission_title: str  # what the ward calls it: 付議事項, 電子計算組織の結合について
    basis_article: str = "第3条第1項第3号"
    checklist_numbers: dict = field(default_factory=dict)  # checklist kind → the number the ward prints before it
    # 【…】 headings of items, per subject, printed when a list spans several subjects
    subject_headings: dict = field(default_factory=dict)
    dirs: tuple[Path, ...] = ()  # template search path: this ward, the wards it extends, then common

    def render(self, template: str, context: dict) -> str:
        # No template caching: a template edited on the server is printed from the next form on.
        engine = Engine(dirs=[str(d) for d in self.dirs], autoescape=True,
                        loaders=["django.template.loaders.filesystem.Loader"])
        return engine.get_template(template).render(Context(context))


def _directory(code: str) -> Path | None:
    return next((root / code for root in settings.FORM_LAYOUT_DIRS if (root / code / "layout.toml").is_file()), None)


def _description(code: str, seen: tuple[str, ...] = ()) -> tuple[dict, list[Path]]:
    """The layout.toml of a ward merged over the ones it extends, and the directories to look templates up in."""
    directory = _directory(code)
    if directory is None:
        raise ImproperlyConfigured(f"No form layout for municipality {code} under {settings.FORM_LAYOUT_DIRS}")
    path = directory / "layout.toml"
    try:
        description = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ImproperlyConfigured(f"{path} is not valid TOML: {error}") from error
    unknown = set(description) - KEYS
    if unknown:
        raise ImproperlyConfigured(f"{path}: unknown keys {', '.join(sorted(unknown))} "
                                   f"(known: {', '.join(sorted(KEYS))})")
    parent = description.pop("extends", None)
    if parent is None:
        return description, [directory]
    if parent in (code, *seen):
        raise ImproperlyConfigured(f"{path}: extends {parent}, which extends it back")
    inherited, dirs = _description(str(parent), (*seen, code))
    return {**inherited, **description}, [directory, *dirs]


def common_dirs() -> list[Path]:
    return [root / COMMON for root in settings.FORM_LAYOUT_DIRS if (root / COMMON).is_dir()]


def ward_layout(municipality) -> WardLayout:
    """The layout of the municipality's forms, by its code (新宿区's when the ward has none of its own)."""
    code = municipality.code if _directory(municipality.code) is not None else FALLBACK_CODE
    description, dirs = _description(code)
    missing = {"submission_template", "submission_title"} - set(description)
    if missing:
        raise ImproperlyConfigured(f"The form layout of {code} does not say its {', '.join(sorted(missing))}")
    return WardLayout(code=code, name=description.get("name", municipality.name),
                      submission_template=description["submission_template"],
                      submission_title=description["submission_title"],
                      basis_article=description.get("basis_article", WardLayout.basis_article),
                      checklist_numbers=dict(description.get("checklist_numbers", {})),
                      subject_headings=dict(description.get("subject_headings", {})),
                      dirs=(*dirs, *common_dirs()))
