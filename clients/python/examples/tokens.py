"""Access tokens from the gateway's POST /api/v1/auth/token, with the standard library."""

import json
import os
import urllib.request

GATEWAY = os.environ.get("ORDERMESH_GATEWAY", "http://127.0.0.1:8080")


def token(grant):
    request = urllib.request.Request(GATEWAY + "/api/v1/auth/token", data=json.dumps(grant).encode(),
                                     headers={"content-type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)["access_token"]


def user_token(email, password):
    return token({"grant_type": "password", "email": email, "password": password})


def client_token(client_id, secret):
    return token({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret})
