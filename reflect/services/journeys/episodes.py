"""Episodes: the quick checks and reflections about one experience of sharing, kept together."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from reflect import runtime
from reflect.models import Entry, Episode, Stage
from reflect.services.access import Actor, Permission, ensure
from reflect.services.journeys.views import EntryView, own_entry, own_episode, views_of
from reflect.services.vault import Vault


def link(*, entry_ids: Iterable[int], by: Actor) -> int:
    """Put several of the person's entries into one episode (the first one's, or a new one).

    Returns the episode id.

    Raises:
        NotFound: one of the entries is not the person's own.
    """
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    with runtime.current().db.write(by=by) as session:
        entries = [own_entry(session, by, entry_id) for entry_id in entry_ids]
        episode_id = next((e.episode_id for e in entries if e.episode_id), None)
        if episode_id is None:
            episode = Episode(owner_id=by.person_id)
            session.add(episode)
            session.flush()
            episode_id = episode.id
        for entry in entries:
            entry.episode_id = episode_id
        return episode_id


def without_reflection(*, entry_ids: list[int], by: Actor) -> set[int]:
    """Which of these quick checks of mine have no reflection in their episode yet."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    if not entry_ids:
        return set()
    with runtime.current().db.read() as session:
        rows = session.execute(
            select(Entry.id, Entry.episode_id).where(Entry.id.in_(entry_ids), Entry.owner_id == by.person_id)
        ).all()
        episodes = {episode_id for _, episode_id in rows if episode_id is not None}
        reflected = set(session.scalars(
            select(Entry.episode_id).where(Entry.episode_id.in_(episodes), Entry.stage == Stage.AFTER_SHARING.value)
        )) if episodes else set()
        return {entry_id for entry_id, episode_id in rows if episode_id is None or episode_id not in reflected}


def story(*, episode_id: int, by: Actor) -> list[EntryView]:
    """The entries of one of the person's episodes, in the order they were written."""
    ensure(by, Permission.KEEP_OWN_REFLECTIONS)
    rt = runtime.current()
    with rt.db.read() as session:
        own_episode(session, by, episode_id)
        rows = session.scalars(select(Entry).where(Entry.episode_id == episode_id).order_by(Entry.created_at, Entry.id)).all()
        vault = Vault(session, rt.server_key, by=by)
        return views_of(session, vault, rows)
