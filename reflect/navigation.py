"""The page list, and which pages each person sees. `main.py` calls `run()` and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from reflect import metrics, runtime
from reflect.config import ConfigError
from reflect.logs import event
from reflect.services import persons
from reflect.services.access import Actor, Permission, can
from reflect.services.errors import Refused
from reflect.ui import context, style
from reflect.ui.context import PAGES_DIR
from reflect.ui.safe import md

FAVICON = "🌱"


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    icon: str
    permission: Permission
    description: str
    section: str = ""
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.script

    @property
    def url_path(self) -> str:
        return self.script.removesuffix(".py").replace("_", "-")


PREPARE = "Prepare, check, reflect"
SUPERVISION = "Supervision"
TEAM = "My team"
ME = "Me"
ADMIN = "Administration"

SIGN_IN = PageSpec("sign_in.py", "Sign in", ":material/login:", Permission.USE_APP, "Sign in to Reflect.")
# After an admin reset the password, this is the only page until the person chooses their own.
NEW_PASSWORD = PageSpec(
    "new_password.py", "Choose a new password", ":material/password:", Permission.MANAGE_OWN_ACCOUNT, "Replace a one-time password."
)
# While the person's private notes are locked in this session (single sign-on before the
# passphrase, or after an admin's password reset), or a recovery code is still to be saved,
# this is the only page.
PRIVATE_KEY = PageSpec(
    "private_key.py", "Your private notes", ":material/key:", Permission.USE_APP, "Unlock your private notes, or save your recovery code."
)

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", "Home", ":material/home:", Permission.USE_APP, "Start here.", default=True),
    PageSpec(
        "my_profile.py",
        "My sharing profile",
        ":material/person_book:",
        Permission.KEEP_OWN_REFLECTIONS,
        "The experiences you bring, who you'd share them with, and what you keep to yourself.",
        section=PREPARE,
    ),
    PageSpec(
        "quick_check.py",
        "Quick check",
        ":material/bolt:",
        Permission.KEEP_OWN_REFLECTIONS,
        "About to share something personal? A minute and a few taps to check in with yourself.",
        section=PREPARE,
    ),
    PageSpec(
        "reflection.py",
        "Reflect after sharing",
        ":material/edit_note:",
        Permission.KEEP_OWN_REFLECTIONS,
        "What you shared, how it went, and what you're taking away.",
        section=PREPARE,
    ),
    PageSpec(
        "my_reflections.py",
        "My reflections",
        ":material/history_edu:",
        Permission.KEEP_OWN_REFLECTIONS,
        "Everything you've checked and reflected on, with search and a picture of how things have gone.",
        section=PREPARE,
    ),
    PageSpec(
        "supervision.py",
        "My supervision",
        ":material/forum:",
        Permission.SHARE_WITH_SUPERVISOR,
        "Choose what to share with your supervisor, add your notes to your sessions, and see who opened what.",
        section=SUPERVISION,
    ),
    PageSpec(
        "wellness_plan.py",
        "My Wellness at Work plan",
        ":material/spa:",
        Permission.KEEP_OWN_WELLNESS_PLAN,
        "What keeps you well at work, early signs, what helps, and adjustments agreed. Yours; shared only if you choose.",
        section=SUPERVISION,
    ),
    PageSpec(
        "supervisees.py",
        "My supervisees",
        ":material/supervisor_account:",
        Permission.SUPERVISE,
        "What your supervisees chose to share with you, your session records, actions and summaries.",
        section=SUPERVISION,
    ),
    PageSpec(
        "team_learning.py",
        "Team learning",
        ":material/groups:",
        Permission.READ_TEAM_LEARNING,
        "Short learning notes colleagues chose to share from their reflections, without names.",
        section=TEAM,
    ),
    PageSpec(
        "my_talents.py",
        "My talents",
        ":material/star:",
        Permission.KEEP_OWN_TALENTS,
        "Add your skills, languages, interests and contacts to your team's register. You choose who sees each one.",
        section=TEAM,
    ),
    PageSpec(
        "biography.py",
        "My biography",
        ":material/badge:",
        Permission.KEEP_OWN_TALENTS,
        "Write a short biography for the team's 'meet the team' leaflet. Only what you approve is used.",
        section=TEAM,
    ),
    PageSpec(
        "register.py",
        "Team register",
        ":material/diversity_3:",
        Permission.VIEW_REGISTER,
        "Search the talents your team and organisation have shared, find a match, and see what the team covers.",
        section=TEAM,
    ),
    PageSpec(
        "revalidation.py",
        "Revalidation",
        ":material/verified:",
        Permission.KEEP_REVALIDATION,
        "Your reflective accounts, reflective discussion and hours for your regulator, with downloads on their forms.",
        section=ME,
    ),
    PageSpec(
        "account.py",
        "My account",
        ":material/manage_accounts:",
        Permission.MANAGE_OWN_ACCOUNT,
        "Change your password, see where you are signed in, and see who has opened anything of yours.",
        section=ME,
    ),
    PageSpec(
        "my_data.py",
        "My data",
        ":material/download:",
        Permission.MANAGE_OWN_ACCOUNT,
        "Download everything you wrote and every record about you, or erase your account.",
        section=ME,
    ),
    PageSpec(
        "admin_people.py",
        "People and teams",
        ":material/group:",
        Permission.ADMINISTER,
        "Add and change accounts, teams and supervision pairs. Admins never see anyone's reflections.",
        section=ADMIN,
    ),
    PageSpec(
        "admin_places.py",
        "Places to turn",
        ":material/support:",
        Permission.ADMINISTER,
        "Your organisation's support for staff, shown calmly where it may help.",
        section=ADMIN,
    ),
    PageSpec(
        "admin_audit.py",
        "Audit trail",
        ":material/policy:",
        Permission.ADMINISTER,
        "Who did what and when, without any content, with a CSV download.",
        section=ADMIN,
    ),
)
_BY_SCRIPT = {spec.script: spec for spec in (*PAGES, SIGN_IN, NEW_PASSWORD, PRIVATE_KEY)}
# The only page labels /metrics uses: the app's own page addresses.
PAGE_ADDRESSES = frozenset(spec.url_path for spec in (*PAGES, SIGN_IN, NEW_PASSWORD, PRIVATE_KEY))


def pages_for(actor: Actor | None) -> list[PageSpec]:
    """The pages this person may use, in menu order; the sign-in page alone when signed out."""
    if actor is None:
        return [SIGN_IN]
    if actor.must_change_password:
        return [NEW_PASSWORD]
    if needs_own_key_step(actor):
        return [PRIVATE_KEY]
    return [page for page in PAGES if can(actor, page.permission)]


def needs_own_key_step(actor: Actor) -> bool:
    """The private notes are locked in this session, or a recovery code is still to be saved."""
    return actor.private_locked or not actor.recovery_saved


def grouped(specs: list[PageSpec]) -> dict[str, list[PageSpec]]:
    """The menu grouped by what people do; pages with no section (Home) come first, unheaded."""
    groups: dict[str, list[PageSpec]] = {}
    for spec in specs:
        groups.setdefault(spec.section, []).append(spec)
    return groups


def sections(specs: list[PageSpec]) -> dict[str, list[st.Page]]:
    """The same groups as Streamlit pages, for st.navigation."""
    made = _made()
    return {section: [st_page(spec, made) for spec in members] for section, members in grouped(specs).items()}


PAGES_KEY = "reflect_st_pages"


def _made() -> dict[str, st.Page]:
    return st.session_state.setdefault(PAGES_KEY, {})


def st_page(spec: PageSpec, made: dict[str, st.Page] | None = None) -> st.Page:
    """The Streamlit page for `spec`, made once per browser session and kept: making one looks
    its script up on disk, and so does a link given a script's path, so links take these.
    `made` is this session's pages, for a caller making many links."""
    made = _made() if made is None else made
    page = made.get(spec.script)
    if page is None:
        page = made[spec.script] = _st_page(spec)
    return page


def link(spec: PageSpec, label: str | None = None, icon: str | None = None, made: dict[str, st.Page] | None = None) -> None:
    """A link to one of the person's pages, with its title and icon unless others are given."""
    st.page_link(st_page(spec, made), label=label or spec.title, icon=icon or spec.icon)


def spec_for(script: str) -> PageSpec:
    """The page whose script is `script` (e.g. "quick_check.py")."""
    return _BY_SCRIPT[script]


def _st_page(spec: PageSpec) -> st.Page:
    # No icon here: a page's material icon becomes the tab's favicon, fetched from Google's
    # servers, which the content security policy (rightly) refuses. The menu's links keep theirs.
    return st.Page(spec.path, title=spec.title, url_path=spec.url_path, default=spec.default or spec in (SIGN_IN, NEW_PASSWORD, PRIVATE_KEY))


def _menu_links(actor: Actor, specs: list[PageSpec], key: str) -> None:
    """The pages under their section headings, then who is signed in and *Sign out*."""
    made = _made()
    with st.container(key=key):  # style.py keeps the phone's one compact
        for spec in specs:
            if spec.section and spec is next(s for s in specs if s.section == spec.section):
                st.markdown(f"**{spec.section}**")
            link(spec, made=made)
        st.divider()
        st.caption(f"Signed in as {md(actor.name)}")
        context.sign_out_form()


MENU_KEY = "phone_menu"


def _menu(actor: Actor, specs: list[PageSpec], current: str) -> None:
    """The menu, grouped by what people do. On a laptop it sits in the sidebar; on a phone
    it is one *Menu* button at the top of the page (style.py shows one or the other by the
    screen's width). Streamlit's own sectioned menu is not used: it puts its headings
    inside its list, which screen readers announce as a broken list.

    The menu's links are drawn once a rerun: in the sidebar, and in the phone's popover only
    while it is open (opening it reruns the page, as any control does), not on every rerun
    beside the sidebar's."""
    with st.sidebar:
        _menu_links(actor, specs, "sidebar-links")
    # A new popover each time a page is chosen, so the phone's menu is closed once it is. The
    # key counts every change of page, not just the page: a popover coming back with the key it
    # had when it was last open could come back open.
    visit = st.session_state.get(f"{MENU_KEY}:visit", (None, 0))
    if visit[0] != current:
        visit = (current, visit[1] + 1)
        st.session_state[f"{MENU_KEY}:visit"] = visit
    with st.container(key="phone-menu"):
        menu = st.popover("Menu", icon=":material/menu:", key=f"{MENU_KEY}:{visit[1]}", on_change="rerun")
        if menu.open:
            with menu:
                _menu_links(actor, specs, "menu-links")


DEMO_KEY = "reflect_demo_organisation"


def _demo_organisation() -> bool:
    """Whether demo accounts with published passwords exist, asked once per browser session
    rather than on every rerun: it is the same for everyone and changes only when an admin
    loads or erases the demo (a session open then keeps its banner, or lack of one, until it ends)."""
    if DEMO_KEY not in st.session_state:
        st.session_state[DEMO_KEY] = persons.demo_accounts_exist()
    return st.session_state[DEMO_KEY]


def run() -> None:
    """Start the runtime, find who is signed in, and show the pages they may use (each run
    counted and timed for /metrics under its page's address)."""
    with metrics.rerun() as this_run:
        _run(this_run)


def _run(this_run: metrics.Rerun) -> None:
    try:
        runtime.current()
    except ConfigError as exc:
        event("startup.config_error")
        st.error(str(exc))
        st.stop()
    style.apply()
    actor = context.resolve_actor()
    specs = pages_for(actor)
    if actor is None:
        navigation = st.navigation([st_page(SIGN_IN)], position="hidden")
    elif actor.must_change_password or needs_own_key_step(actor):
        navigation = st.navigation([st_page(specs[0])], position="hidden")
        with st.sidebar:
            st.caption(f"Signed in as {md(actor.name)}")
            context.sign_out_form()
    else:
        navigation = st.navigation(sections(specs), position="hidden")
        _menu(actor, specs, navigation.url_path)
    # One local favicon for every page: a page's material icon would be fetched from Google's
    # servers, which the content security policy (rightly) refuses.
    st.set_page_config(page_icon=FAVICON)
    if _demo_organisation():
        st.warning(
            "This is a demo organisation with published passwords. Please don't enter anything real here.",
            icon=":material/science:",
        )
    # The default page's address reads as "" (the app's root): count it under its own name.
    default = SIGN_IN if actor is None else specs[0] if len(specs) == 1 else next((s for s in specs if s.default), SIGN_IN)
    this_run.page = metrics.page_label(navigation.url_path or default.url_path, PAGE_ADDRESSES)
    try:
        navigation.run()
    except Refused as exc:
        # A refusal a page didn't catch itself: the person sees its calm message, never the
        # error page. Pages that show it beside the form they were using still do.
        event("page.refused")
        st.warning(md(str(exc)), icon=":material/info:")
