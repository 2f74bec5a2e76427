"""The page list, and which pages each person sees. `app.py` calls `run()` and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from reflect import runtime
from reflect.config import ConfigError
from reflect.logs import event
from reflect.services import auth, people
from reflect.services.access import Actor, Permission, can
from reflect.ui import context
from reflect.ui.safe import md

PAGES_DIR = Path(__file__).resolve().parent / "pages"


@dataclass(frozen=True)
class PageSpec:
    script: str
    title: str
    icon: str
    permission: Permission
    description: str
    default: bool = False

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.script

    @property
    def url_path(self) -> str:
        return self.script.removesuffix(".py").replace("_", "-")


SIGN_IN = PageSpec("sign_in.py", "Sign in", ":material/login:", Permission.USE_APP, "Sign in to Reflect.")

PAGES: tuple[PageSpec, ...] = (
    PageSpec("home.py", "Home", ":material/home:", Permission.USE_APP, "Start here.", default=True),
    PageSpec(
        "quick_check.py",
        "Quick check",
        ":material/bolt:",
        Permission.KEEP_OWN_REFLECTIONS,
        "About to share something personal? A minute and a few taps to check in with yourself.",
    ),
    PageSpec(
        "reflection.py",
        "Reflect after sharing",
        ":material/edit_note:",
        Permission.KEEP_OWN_REFLECTIONS,
        "What you shared, how it went, and what you're taking away.",
    ),
    PageSpec(
        "my_reflections.py",
        "My reflections",
        ":material/history_edu:",
        Permission.KEEP_OWN_REFLECTIONS,
        "Everything you've checked and reflected on, with search and a picture of how things have gone.",
    ),
    PageSpec(
        "my_profile.py",
        "My sharing profile",
        ":material/person_book:",
        Permission.KEEP_OWN_REFLECTIONS,
        "The experiences you bring, who you'd share them with, and what you keep to yourself.",
    ),
    PageSpec(
        "supervision.py",
        "My supervision",
        ":material/forum:",
        Permission.SHARE_WITH_SUPERVISOR,
        "Choose what to share with your supervisor, add your notes to your sessions, and see who opened what.",
    ),
    PageSpec(
        "supervisees.py",
        "My supervisees",
        ":material/supervisor_account:",
        Permission.SUPERVISE,
        "What your supervisees chose to share with you, your session records, actions and summaries.",
    ),
    PageSpec(
        "team_learning.py",
        "Team learning",
        ":material/groups:",
        Permission.READ_TEAM_LEARNING,
        "Short learning notes colleagues chose to share from their reflections, without names.",
    ),
    PageSpec(
        "my_talents.py",
        "My talents",
        ":material/star:",
        Permission.KEEP_OWN_TALENTS,
        "Add your skills, languages, interests and contacts to your team's register. You choose who sees each one.",
    ),
    PageSpec(
        "biography.py",
        "My biography",
        ":material/badge:",
        Permission.KEEP_OWN_TALENTS,
        "Write a short biography for the team's 'meet the team' leaflet. Only what you approve is used.",
    ),
    PageSpec(
        "register.py",
        "Team register",
        ":material/diversity_3:",
        Permission.VIEW_REGISTER,
        "Search the talents your team and organisation have shared, find a match, and see what the team covers.",
    ),
    PageSpec(
        "account.py",
        "My account",
        ":material/manage_accounts:",
        Permission.MANAGE_OWN_ACCOUNT,
        "Change your password, see where you are signed in, and see who has opened anything of yours.",
    ),
    PageSpec(
        "admin_people.py",
        "People and teams",
        ":material/group:",
        Permission.ADMINISTER,
        "Add accounts, teams and supervision pairs. Admins never see anyone's reflections.",
    ),
)


def pages_for(actor: Actor | None) -> list[PageSpec]:
    """The pages this person may use, in menu order; the sign-in page alone when signed out."""
    if actor is None:
        return [SIGN_IN]
    return [page for page in PAGES if can(actor, page.permission)]


def _st_page(spec: PageSpec) -> st.Page:
    return st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=spec.default or spec is SIGN_IN)


def _sidebar(actor: Actor) -> None:
    with st.sidebar:
        st.caption(f"Signed in as {md(actor.name)}")
        if st.button("Sign out", icon=":material/logout:", width="stretch"):
            auth.sign_out(by=actor)
            context.end_session()
            if context.sso_configured() and st.user.get("is_logged_in"):
                st.logout()
            st.rerun()


def run() -> None:
    """Start the runtime, find who is signed in, and show the pages they may use."""
    try:
        runtime.current()
    except ConfigError as exc:
        event("startup.config_error")
        st.error(str(exc))
        st.stop()
    actor = context.resolve_actor()
    if people.demo_accounts_exist():
        st.warning(
            "This is a demo organisation with published passwords. Please don't enter anything real here.",
            icon=":material/science:",
        )
    specs = pages_for(actor)
    if actor is None:
        navigation = st.navigation([_st_page(SIGN_IN)], position="hidden")
    else:
        # A flat menu: Streamlit's sectioned menu puts headings inside its <ul>, which screen
        # readers announce as a broken list.
        navigation = st.navigation([_st_page(spec) for spec in specs])
        _sidebar(actor)
    navigation.run()
