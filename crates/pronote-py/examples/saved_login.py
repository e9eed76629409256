"""Log in once with a password, then with the saved (rotating) token.

The token changes at every login: on_credentials receives the new one
before anything else can fail, and this script writes it at once.
"""

import json
import os
import tempfile

import pronote

STORE = os.path.join(tempfile.gettempdir(), "pronote-example-credentials.json")


def save(credentials: pronote.Credentials) -> None:
    fd = os.open(STORE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(credentials.to_dict(), f)


with pronote.demo() as demo:
    pronote.Client.login(demo.url + "eleve.html", "demonstration", "pronotevs",
                         request_token=True, on_credentials=save)
    with open(STORE) as f:
        saved = json.load(f)
    client = pronote.Client.credentials_login(saved, on_credentials=save)
    print("logged in again as", client.user().resource.name, "with", client.credentials)
    os.remove(STORE)
