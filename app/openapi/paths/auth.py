"""Documentation of the auth blueprint (`/api/auth`)."""

from app.auth.schemas import LoginSchema, RegisterSchema, TokenSchema, UserSchema
from app.openapi.doc import ANY_TOKEN, PUBLIC, REFRESH, Doc
from app.openapi.schemas import MessageSchema

DOCS = {
    "auth.register": Doc(
        "Create an account", "auth", auth=PUBLIC, status=201, body=RegisterSchema, response=UserSchema,
        errors=(403, 409, 429, 503),
        description="The email is stored lower-cased; a taken email is a 409 `email_taken`. Limited per address "
                    "(`RATE_LIMIT_REGISTER`, 429). `REGISTRATION_MODE=closed` answers 403 `registration_closed`; "
                    "`invite` needs the `invite` from `flask create-invite EMAIL` (403 `invite_required`). "
                    "Bodies above `MAX_PUBLIC_BODY_BYTES` are 413 `payload_too_large`."),
    "auth.login": Doc(
        "Exchange email and password for tokens", "auth", auth=PUBLIC, body=LoginSchema, response=TokenSchema,
        errors=(401, 429, 503),
        description="Rate limited per account and per address (429 with `Retry-After`)."),
    "auth.refresh": Doc(
        "Issue a new access token", "auth", auth=REFRESH, response=TokenSchema,
        description="Send the **refresh** token as the bearer token; the same refresh token is returned."),
    "auth.logout": Doc(
        "Revoke the presented token", "auth", auth=ANY_TOKEN, response=MessageSchema,
        description="Revokes the bearer token (access or refresh) and disconnects its live sockets."),
    "auth.me": Doc("Return the caller's account", "auth", response=UserSchema),
}
