"""Request schemas of the auth routes."""

from marshmallow import Schema, fields, post_load, validate


class CredentialsSchema(Schema):
    """Email and password, as sent to register and login."""

    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=8, max=1024))

    @post_load
    def _normalise(self, data: dict, **_kwargs) -> dict:
        data["email"] = data["email"].strip().lower()
        return data


class RegisterSchema(CredentialsSchema):
    """Registration: credentials and, where registration is by invitation, the invite."""

    invite = fields.String(load_default=None, validate=validate.Length(max=1024))


class LoginSchema(CredentialsSchema):
    """Login accepts any non-empty password; a wrong one is a 401, not a 422."""

    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=1024))


class TokenSchema(Schema):
    """Tokens returned by login and refresh."""

    access_token = fields.String()
    refresh_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()


class UserSchema(Schema):
    """The public view of a user."""

    id = fields.Integer()
    email = fields.String()
    role = fields.String()
    created_at = fields.String()
