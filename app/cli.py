"""Flask CLI commands: `flask create-admin`, `flask create-invite`."""

from __future__ import annotations

import click
from flask import Flask
from sqlalchemy.exc import IntegrityError

from app.extensions import db


def register_cli(app: Flask) -> None:
    """Add the project's commands to `flask`."""
    app.cli.add_command(create_admin)
    app.cli.add_command(create_invite)


@click.command("create-invite")
@click.argument("email")
def create_invite(email: str) -> None:
    """Print an invite that lets EMAIL register when REGISTRATION_MODE=invite."""
    from app.auth.registration import make_invite

    click.echo(make_invite(email))


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_admin(email: str, password: str) -> None:
    """Create an admin account, or promote an existing one (password reset)."""
    from app.auth.hashing import hash_password
    from app.auth.schemas import CredentialsSchema
    from app.models import User

    data = CredentialsSchema().load({"email": email, "password": password})
    user = db.session.execute(db.select(User).filter_by(email=data["email"])).scalar_one_or_none()
    if user is None:
        user = User(email=data["email"], password_hash=hash_password(data["password"]), role="admin")
        db.session.add(user)
    else:
        user.role, user.password_hash = "admin", hash_password(data["password"])
    try:
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        raise click.ClickException("could not create the admin") from exc
    click.echo(f"admin {user.email} ready (id {user.id})")
