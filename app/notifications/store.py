"""Reading stored events: replay pages, cursors, retention and the inbox.

Every reader runs on a short connection of its own (`db.engine`), so a long-lived socket or
stream never holds a pooled connection between reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine

PROGRESS = "ocr_progress"
REPLAY_PAGE = 500

# Every event after the cursor except a progress event that a later progress of the same job supersedes.
_REPLAY = """
SELECT e.seq, e.payload FROM events e
WHERE e.user_id = :uid AND e.seq > :after {filters}
  AND NOT (e.type = 'ocr_progress' AND EXISTS (
      SELECT 1 FROM events n WHERE n.user_id = e.user_id AND n.ocr_result_id = e.ocr_result_id
        AND n.type = 'ocr_progress' AND n.seq > e.seq))
ORDER BY e.seq LIMIT :limit
"""
_FILTERS = {"ocr_result_id": " AND e.ocr_result_id = :job", "batch_id": " AND e.batch_id = :batch"}
_BOUNDS = text("""
SELECT u.event_seq AS last_seq, (SELECT min(seq) FROM events WHERE user_id = u.id) AS oldest
FROM users u WHERE u.id = :uid
""")
_LAST_SEQS = text("SELECT id, event_seq FROM users WHERE id = ANY(CAST(:ids AS bigint[]))")


@dataclass(frozen=True)
class Window:
    """What the table still holds for a user: the newest seq and the oldest one kept."""

    last_seq: int
    oldest: int | None

    def truncated_after(self, after: int) -> bool:
        """Whether events after `after` were already deleted by the cleaner."""
        first_kept = self.oldest if self.oldest is not None else self.last_seq + 1
        return after + 1 < first_kept

    @property
    def oldest_available(self) -> int:
        """The first seq a replay can still return."""
        return self.oldest if self.oldest is not None else self.last_seq + 1


def window(engine: Engine, user_id: int) -> Window:
    """Return the user's newest seq and oldest stored seq."""
    with engine.connect() as conn:
        row = conn.execute(_BOUNDS, {"uid": user_id}).one_or_none()
    return Window(row.last_seq, row.oldest) if row else Window(0, None)


def replay_page(engine: Engine, user_id: int, after: int, *, ocr_result_id: int | None = None,
                batch_id: str | None = None, limit: int = REPLAY_PAGE) -> list[tuple[int, dict]]:
    """Return up to `limit` (seq, payload) after `after`, in order, with superseded progress left out."""
    filters = ""
    params = {"uid": user_id, "after": after, "limit": limit}
    if ocr_result_id is not None:
        filters += _FILTERS["ocr_result_id"]
        params["job"] = ocr_result_id
    if batch_id is not None:
        filters += _FILTERS["batch_id"]
        params["batch"] = batch_id
    with engine.connect() as conn:
        rows = conn.execute(text(_REPLAY.format(filters=filters)), params).all()
    return [(row.seq, row.payload) for row in rows]


def iter_replay(engine: Engine, user_id: int, after: int, **filters):
    """Yield every (seq, payload) after `after`, page by page."""
    while True:
        page = replay_page(engine, user_id, after, **filters)
        yield from page
        if len(page) < REPLAY_PAGE:
            return
        after = page[-1][0]


def last_seqs(engine: Engine, user_ids: list[int]) -> dict[int, int]:
    """Return each user's newest event seq."""
    if not user_ids:
        return {}
    with engine.connect() as conn:
        return {row.id: row.event_seq for row in conn.execute(_LAST_SEQS, {"ids": user_ids})}


def revoked_among(engine: Engine, jtis: list[str]) -> set[str]:
    """Return the token ids of `jtis` that are on the blocklist."""
    if not jtis:
        return set()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT jti FROM revoked_tokens WHERE jti = ANY(CAST(:j AS text[]))"),
                            {"j": jtis})
        return {row.jti for row in rows}


def revoked_families(engine: Engine, families: list[str]) -> set[str]:
    """Return the token families of `families` that were revoked (logout, a reused refresh token)."""
    if not families:
        return set()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id FROM token_families WHERE id = ANY(CAST(:f AS text[])) "
                                 "AND revoked_at IS NOT NULL"), {"f": families})
        return {row.id for row in rows}
