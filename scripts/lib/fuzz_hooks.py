"""schemathesis hooks for the stateful run of scripts/fuzz-api (SCHEMATHESIS_HOOKS).

Its chains need every create to make a new object, and generated values repeat: the same
`Idempotency-Key` replays the first response or answers `422 idempotency_key_reused` for any
other request, and the same `external_user_id` answers `409 applicant_exists`. Each request gets
fresh ones. That run generates valid requests only, so no deliberately broken value is replaced.
"""
import uuid

import schemathesis


@schemathesis.hook
def before_call(context, case, kwargs):
    if case.headers and "Idempotency-Key" in case.headers:
        case.headers["Idempotency-Key"] = str(uuid.uuid4())
    if case.operation.method.upper() == "POST" and case.operation.path == "/v1/applicants" and isinstance(case.body, dict):
        case.body["external_user_id"] = f"fuzz-{uuid.uuid4().hex}"
