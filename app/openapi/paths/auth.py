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
        description="Rate limited per address (429 `rate_limited`). Failed logins are counted per account and "
                    "address and per address: past `LOGIN_FREE_FAILURES`, each attempt waits 2^k s from the last "
                    "failure (429 `login_delayed` with `Retry-After`); the right password from another address "
                    "is never held back. Bodies above `MAX_PUBLIC_BODY_BYTES` are 413 `payload_too_large`."),
    "auth.refresh": Doc(
        "Issue a new access token", "auth", auth=REFRESH, response=TokenSchema,
        errors=(401,),
        description="Send the **refresh** token as the bearer token; a new pair is returned and the presented "
                    "refresh token is spent. Presenting a spent one again revokes every token of that login "
                    "(401 `refresh_reused`)."),
    "auth.logout": Doc(
        "Revoke the presented token", "auth", auth=ANY_TOKEN, response=MessageSchema,
        description="Ends the login: revokes the bearer token (access or refresh), every token refreshed from "
                    "the same login, their live sockets and event streams (and SSE tickets not yet redeemed)."),
    "auth.me": Doc("Return the caller's account", "auth", response=UserSchema),
}
