"""Reading a content directory: each YAML file parsed and validated, the cross-file checks run, and the
result kept in a cache, so a participant's kernel unpickles validated content instead of parsing YAML.

``load_workshop`` returns a :class:`~coffeechat.content.workshop.Workshop` or raises
:class:`~coffeechat.content.problems.ContentError` with every problem found; ``check_directory`` lists them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ValidationError

from coffeechat import __version__, environment
from coffeechat.content import checks
from coffeechat.content.kinds import KINDS
from coffeechat.content.location import SHIPPED_CONTENT_DIR, content_dir
from coffeechat.content.problems import ContentError, ContentProblem
from coffeechat.content.schema import (
    BANK_FILE,
    FOLLOW_THROUGH_FILE,
    GROUPS_FILE,
    GUIDE_FILE,
    MESSAGE_CHECKS_FILE,
    OUTREACH_FILE,
    QUESTION_CHECKS_FILE,
    ROLE_CARDS_FILE,
    SCHEMA_VERSION,
    WALL_FILTER_FILE,
    WRAP_UP_FILE,
    Fear,
    FollowThrough,
    GroupsFile,
    Guide,
    Manifest,
    MessageChecks,
    Outreach,
    QuestionBank,
    QuestionChecks,
    RoleCards,
    Ui,
    WallFilterFile,
    Welcome,
    WrapUp,
)
from coffeechat.content.workshop import Workshop

# --- where the default content lives --------------------------------------------------------------

DEFAULT_CONTENT_DIR = SHIPPED_CONTENT_DIR  # the wheel's bundled copy, or exercises/ of a checkout (location.py)


def default_content_dir() -> Path:
    """``$COFFEECHAT_CONTENT_DIR`` if set, else the content the kit ships (:mod:`coffeechat.content.location`)."""
    return content_dir()


# --- loading -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _load_cached(directory: Path, stamp: tuple) -> Workshop:
    """Validated content, from a pickle beside the user's cache when the YAML files are unchanged.

    Every participant's kernel loads the content; unpickling takes a few milliseconds where parsing and
    validating the YAML takes about 0.2 s of CPU, which adds up when a room of 30 arrives at once.
    """
    key = hashlib.sha256(repr((SCHEMA_VERSION, __version__, str(directory), stamp)).encode()).hexdigest()[:24]
    folder = os.environ.get(environment.CACHE_DIR.name) or platformdirs.user_cache_dir("coffeechat", appauthor=False)
    cache = Path(folder) / f"content-{key}.pickle"
    try:
        workshop = pickle.loads(cache.read_bytes())  # noqa: S301 - the kit's own cache in the user's cache folder
        if isinstance(workshop, Workshop):
            return workshop
    except Exception:  # noqa: BLE001, S110 - no cache yet, or one from another version: parse the YAML
        pass
    workshop = _load(directory)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps(workshop))
        temporary.replace(cache)
    except OSError:  # a read-only or full cache folder only costs speed
        pass
    return workshop


def load_workshop(directory: Path | str | None = None) -> Workshop:
    """Load and validate a content directory; raise :class:`ContentError` listing every problem."""
    directory = Path(directory or default_content_dir()).resolve()
    stamp = tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in directory.rglob("*.yaml")))
    return _load_cached(directory, stamp)


def check_directory(directory: Path | str) -> list[ContentProblem]:
    """Every problem in a content directory (empty list: all good)."""
    try:
        _load(Path(directory).resolve())
    except ContentError as error:
        return error.problems
    return []


def _load(directory: Path) -> Workshop:
    problems: list[ContentProblem] = []
    if not directory.is_dir():
        raise ContentError([ContentProblem(str(directory), "", "content directory not found")])

    manifest = _parse(directory, "workshop.yaml", Manifest, problems)
    ui = _parse(directory, "ui.yaml", Ui, problems)
    bank = _parse(directory, BANK_FILE, QuestionBank, problems)
    outreach = _parse(directory, OUTREACH_FILE, Outreach, problems)
    role_cards = _parse(directory, ROLE_CARDS_FILE, RoleCards, problems)
    wrap_up = _parse(directory, WRAP_UP_FILE, WrapUp, problems)
    guide = _parse(directory, GUIDE_FILE, Guide, problems)
    follow_through = _parse(directory, FOLLOW_THROUGH_FILE, FollowThrough, problems)
    question_checks = _parse(directory, QUESTION_CHECKS_FILE, QuestionChecks, problems)
    message_checks = _parse(directory, MESSAGE_CHECKS_FILE, MessageChecks, problems)
    welcome: Welcome | None = None
    fears: list[Fear] = []
    if manifest is not None:
        welcome, fears, loaded = _load_modules(directory, manifest, problems)
        languages = [lang.code for lang in manifest.languages]
        checks.check_manifest(manifest, problems)
        fear_modules = {ref.id for ref in manifest.modules if ref.kind == "fear"}
        everything = (welcome, bank, role_cards, wrap_up, follow_through, question_checks, message_checks)
        if None not in everything and {f.id for f in fears} == fear_modules:
            sources = Workshop(
                directory,
                manifest,
                welcome,
                tuple(fears),
                ui,
                bank,
                outreach,
                role_cards,
                wrap_up,
                guide,
                follow_through,
                question_checks,
                message_checks,
            )
            checks.check_timing(sources, problems)
            if guide is not None:
                checks.check_guide_console(manifest, guide, problems)
        if bank is not None:
            checks.check_bank(bank, [fear.id for fear in fears], problems)
            checks.check_register(manifest, bank, [(file, m) for file, m in loaded if isinstance(m, Fear)], problems)
        if outreach is not None:
            checks.check_outreach(outreach, bank, problems)
            checks.check_message_register(manifest, outreach, problems)
        if role_cards is not None and bank is not None:
            checks.check_role_cards(role_cards, bank, problems)
        if follow_through is not None:
            checks.check_follow_through(follow_through, fear_modules, problems)
        if question_checks is not None:
            checks.check_question_checks(question_checks, languages, problems)
        if message_checks is not None:
            checks.check_message_checks(message_checks, languages, problems)
        extra = [
            ("workshop.yaml", manifest),
            ("ui.yaml", ui),
            (BANK_FILE, bank),
            (OUTREACH_FILE, outreach),
            (ROLE_CARDS_FILE, role_cards),
            (WRAP_UP_FILE, wrap_up),
            (GUIDE_FILE, guide),
            (FOLLOW_THROUGH_FILE, follow_through),
            (QUESTION_CHECKS_FILE, question_checks),
            (MESSAGE_CHECKS_FILE, message_checks),
        ]
        for name, model in [*extra, *loaded]:
            if model is not None:
                problems.extend(checks.check_texts(model, name, languages))
        if ui is not None:
            checks.check_ui(ui, problems)
    wall_filter = groups = None
    if (directory / WALL_FILTER_FILE).is_file():  # optional: without it, the wall has no filter
        wall_filter = _parse(directory, WALL_FILTER_FILE, WallFilterFile, problems)
    if (directory / GROUPS_FILE).is_file():  # optional: without it, groups are numbered
        groups = _parse(directory, GROUPS_FILE, GroupsFile, problems)
    if manifest is not None:
        languages = [lang.code for lang in manifest.languages]
        checks.check_room_content(wall_filter, groups, languages, problems)
    if problems or welcome is None:  # a missing welcome is one of the problems
        raise ContentError(problems)
    return Workshop(
        directory,
        manifest,
        welcome,
        tuple(fears),
        ui,
        bank,
        outreach,
        role_cards,
        wrap_up,
        guide,
        follow_through,
        question_checks,
        message_checks,
        wall_filter.terms if wall_filter else (),
        groups.groups if groups else (),
    )


def _load_modules(directory: Path, manifest: Manifest, problems: list[ContentProblem]):
    welcome, fears, loaded = None, [], []
    for index, ref in enumerate(manifest.modules):
        module_kind = KINDS[ref.kind]
        if not module_kind.own_file:
            if ref.file != module_kind.shared_file:
                problems.append(
                    ContentProblem("workshop.yaml", f"modules.{index}.file", f"should be {module_kind.shared_file}")
                )
            continue
        if ref.file is None:
            problems.append(
                ContentProblem("workshop.yaml", f"modules.{index}.file", "a welcome or fear module needs a file")
            )
            continue
        model = Welcome if ref.kind == "welcome" else Fear
        module = _parse(directory, ref.file, model, problems, f"modules.{index}.file")
        if module is None:
            continue
        loaded.append((ref.file, module))
        if module.id != ref.id:
            problems.append(
                ContentProblem(ref.file, "id", f"is {module.id!r} but workshop.yaml lists this file as {ref.id!r}")
            )
        if ref.kind == "welcome":
            welcome = module
        else:
            fears.append(module)
    if welcome is None and not any(r.kind == "welcome" for r in manifest.modules):
        problems.append(ContentProblem("workshop.yaml", "modules", "needs a module of kind 'welcome'"))
    return welcome, fears, loaded


def _parse(directory: Path, name: str, model: type[BaseModel], problems: list, ref_field: str = ""):
    import yaml  # lazy, for weight: a participant's kernel reads the validated content from its cache

    # libyaml's safe loader where PyYAML was built with it: the same documents and errors, parsed several times
    # faster (the content is parsed whenever the cache is cold)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    path = directory / name
    if not path.is_file():
        problems.append(ContentProblem("workshop.yaml" if ref_field else name, ref_field, f"file {name} not found"))
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - a SafeLoader, see above
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        problems.append(ContentProblem(name, "", f"bad YAML at {line}{problem}"))
        return None
    except UnicodeDecodeError as error:
        problems.append(ContentProblem(name, "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
        return None
    if not isinstance(data, dict):
        problems.append(ContentProblem(name, "", "must be a mapping of fields (key: value)"))
        return None
    version = data.get("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        problems.append(
            ContentProblem(name, "schema_version", f"is {version}, this version of coffeechat reads {SCHEMA_VERSION}")
        )
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            loc = ".".join(str(part) for part in item["loc"] if part != "root")
            message = item["msg"].removeprefix("Value error, ")
            problems.append(ContentProblem(name, loc, message))
        return None
