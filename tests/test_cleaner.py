"""The cleaner removes files and events past retention, but never a file a newer retry still uses."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.support.images import png_bytes
from tests.support.jobs import upload


def test_retention(isolated_app, make_user):
    app = isolated_app()
    client, headers = app.test_client(), make_user()[2]
    _, old = upload(client, headers, png_bytes(["old"]), "old.png")
    _, shared = upload(client, headers, png_bytes(["shared"]), "shared.png")
    from app.extensions import db
    from app.jobs.cleaner import clean_expired

    with app.app_context():
        ids = [old["ocr_result_id"], shared["ocr_result_id"]]
        db.session.execute(text(
            "UPDATE ocr_results SET status = 'completed', finished_at = now() - interval '40 days', "
            "created_at = now() - interval '40 days' WHERE id = ANY(:ids)"), {"ids": ids})
        # A recent retry of the second job still points at its file.
        db.session.execute(text(
            "INSERT INTO ocr_results (task_id, user_id, status, storage_path, options) "
            "SELECT gen_random_uuid(), user_id, 'queued', storage_path, options FROM ocr_results WHERE id = :id"),
            {"id": shared["ocr_result_id"]})
        db.session.execute(text(
            "UPDATE events SET created_at = now() - interval '10 days' WHERE ocr_result_id = :id"),
            {"id": old["ocr_result_id"]})
        db.session.commit()
        paths = {i: db.session.execute(text("SELECT storage_path FROM ocr_results WHERE id = :id"),
                                       {"id": i}).scalar() for i in ids}
        result = clean_expired()
        assert result["files"] >= 1 and result["events"] >= 1
        assert not Path(paths[old["ocr_result_id"]]).exists()
        assert Path(paths[shared["ocr_result_id"]]).exists()
        left = db.session.execute(text("SELECT count(*) FROM events WHERE ocr_result_id = :id"),
                                  {"id": old["ocr_result_id"]}).scalar()
        assert left == 0


def test_orphaned_uploads_are_swept_after_their_grace(isolated_app, make_user, tmp_path):
    """A file stored by a request that never committed its job goes; files jobs use, and fresh ones, stay."""
    import os
    import time

    app = isolated_app(UPLOAD_DIR=str(tmp_path.resolve()))
    client, headers = app.test_client(), make_user()[2]
    _, kept = upload(client, headers, png_bytes(["kept"]), "kept.png")
    from app.extensions import db
    from app.jobs.cleaner import sweep_orphans

    with app.app_context():
        used = Path(db.session.execute(text("SELECT storage_path FROM ocr_results WHERE id = :id"),
                                       {"id": kept["ocr_result_id"]}).scalar())
        upload_dir = Path(app.config["UPLOAD_DIR"])
        orphan = used.with_name("0" * 32)
        orphan.write_bytes(b"stored, never committed")
        part = upload_dir / "tmp" / f"{'1' * 32}.part"
        part.parent.mkdir(parents=True, exist_ok=True)
        part.write_bytes(b"half an upload")
        fresh = used.with_name("2" * 32)
        fresh.write_bytes(b"being committed right now")
        hour_ago = time.time() - 3700
        for path in (used, orphan, part):
            os.utime(path, (hour_ago, hour_ago))
        assert sweep_orphans(3600) == 2
        assert used.exists() and fresh.exists()
        assert not orphan.exists() and not part.exists()
        fresh.unlink()


def test_a_searchable_pdf_lives_as_long_as_its_upload(isolated_app, make_user, tmp_path):
    """The sweep keeps a used upload's searchable PDF and removes an orphan's; retention removes both."""
    import os
    import time

    from app.jobs.storage import searchable_path

    app = isolated_app(UPLOAD_DIR=str(tmp_path.resolve()))
    client, headers = app.test_client(), make_user()[2]
    _, kept = upload(client, headers, png_bytes(["kept"]), "kept.png")
    from app.extensions import db
    from app.jobs.cleaner import clean_expired, sweep_orphans

    with app.app_context():
        used = Path(db.session.execute(text("SELECT storage_path FROM ocr_results WHERE id = :id"),
                                       {"id": kept["ocr_result_id"]}).scalar())
        built, stray = searchable_path(used), searchable_path(used.with_name("3" * 32))
        built.write_bytes(b"%PDF-1.7 built")
        stray.write_bytes(b"%PDF-1.7 of an upload that is gone")
        hour_ago = time.time() - 3700
        for path in (used, built, stray):
            os.utime(path, (hour_ago, hour_ago))
        assert sweep_orphans(3600) == 1
        assert used.exists() and built.exists() and not stray.exists()
        db.session.execute(text("UPDATE ocr_results SET status = 'completed', finished_at = now() - interval "
                                "'40 days' WHERE id = :id"), {"id": kept["ocr_result_id"]})
        db.session.commit()
        clean_expired()
        assert not used.exists() and not built.exists()


def test_expired_token_families_are_purged(isolated_app, client, make_user):
    app = isolated_app()
    email, password, _ = make_user()
    from app.extensions import db
    from app.jobs.cleaner import clean_expired

    logins = [client.post("/api/auth/login", json={"email": email, "password": password}).get_json()
              for _ in range(2)]
    from flask_jwt_extended import decode_token

    with app.app_context():
        old, current = (decode_token(t["refresh_token"])["fam"] for t in logins)
        db.session.execute(text("UPDATE token_families SET expires_at = now() - interval '1 day' WHERE id = :f"),
                           {"f": old})
        db.session.commit()
        assert clean_expired()["token_families"] >= 1
        left = set(db.session.execute(text("SELECT id FROM token_families WHERE id = ANY(:f)"),
                                      {"f": [old, current]}).scalars())
        assert left == {current}


def test_page_previews_go_with_the_last_stored_copy_and_survive_the_orphan_sweep(isolated_app, make_user, tmp_path):
    app = isolated_app(UPLOAD_DIR=str(tmp_path.resolve()), ORPHAN_FILE_GRACE_SECONDS=0)
    client, headers = app.test_client(), make_user()[2]
    data = png_bytes(["preview"])
    _, first = upload(client, headers, data, "p.png")
    _, second = upload(client, headers, data, "p.png", force="true")
    from app.extensions import db
    from app.jobs import previews
    from app.jobs.cleaner import clean_expired, sweep_orphans

    def expire(job_id: int) -> None:
        db.session.execute(text(
            "UPDATE ocr_results SET status = 'completed', finished_at = now() - interval '40 days' WHERE id = :id"),
            {"id": job_id})
        db.session.commit()

    with app.app_context():
        row = db.session.execute(text("SELECT user_id, sha256 FROM ocr_results WHERE id = :id"),
                                 {"id": first["ocr_result_id"]}).one()
        previews.save(row.user_id, row.sha256, 1, b"\x89PNG\r\n\x1a\n-stored-by-the-worker")
        page = previews.preview_path(row.user_id, row.sha256, 1)
        assert page.is_file() and page.is_relative_to(tmp_path.resolve())
        sweep_orphans(0)
        assert page.exists()  # the sweep reads only the upload directories
        expire(first["ocr_result_id"])
        assert clean_expired()["files"] == 1
        assert page.exists()  # the second copy of the document still shows its pages
        expire(second["ocr_result_id"])
        assert clean_expired()["files"] == 1
        assert not page.exists() and not page.parent.exists()
