"""A merchant's side of the API for the drill and soak scripts (standard library only)."""
import base64, http.client, json, os, threading, time

from kyc_samples import PDF, jpeg, td1


class Merchant:
    """One API key's calls, a keep-alive connection per thread."""

    def __init__(self, url, key, timeout=15):
        self.host, port = url.split("//")[1].split(":")
        self.port, self.key, self.timeout = int(port), key, timeout
        self.local = threading.local()

    def call(self, method, path, body=None, raw=None, headers=None):
        """Returns (status, headers, parsed body or None); raises OSError on a refused or dead connection.
        A GET on a kept-alive connection that the server has closed meanwhile is sent once more."""
        reused = getattr(self.local, "conn", None) is not None
        try:
            return self._call(method, path, body, raw, headers)
        except (http.client.HTTPException, OSError):
            if method != "GET" or not reused:
                raise
            return self._call(method, path, body, raw, headers)

    def _call(self, method, path, body, raw, extra_headers=None):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json", **(extra_headers or {})}
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        try:
            conn.request(method, path, data, headers)
            response = conn.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            self.local.conn = None
            conn.close()
            raise
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = None
        return response.status, dict(response.getheaders()), parsed

    def create_applicant(self, last_name="Lovelace", label="drill"):
        status, _, body = self.call("POST", "/v1/applicants", {
            "external_user_id": f"{label}-{time.time_ns()}-{os.urandom(3).hex()}", "first_name": "Ada",
            "last_name": last_name, "date_of_birth": "1990-12-10", "nationality": "GB", "country_of_residence": "GB"})
        if status != 201:
            raise RuntimeError(f"create applicant: {status} {body}")
        return body["id"]

    @staticmethod
    def document_bodies(number, last_name="Lovelace", size=4096):
        b64 = lambda data: base64.b64encode(data).decode()
        today = time.strftime("%Y-%m-%d", time.gmtime())
        return [
            {"doc_type": "ID_FRONT", "doc_body": b64(jpeg(1280, 800, size))},
            {"doc_type": "ID_BACK", "doc_body": b64(jpeg(1280, 800, size)), "mrz": td1(number, last_name.upper(), "ADA")},
            {"doc_type": "PROOF_OF_ADDRESS", "doc_body": b64(PDF + os.urandom(8).hex().encode() + b"\n%%EOF\n"),
             "fields": {"issue_date": today}},
            {"doc_type": "SELFIE", "doc_body": b64(jpeg(800, 800, size))},
        ]

    def upload(self, applicant, body):
        return self.call("POST", f"/v1/applicants/{applicant}/documents", body)

    def submit(self, number, last_name="Lovelace", label="drill"):
        """A new applicant with its four documents; returns its id and the accepted document ids."""
        applicant = self.create_applicant(last_name, label)
        documents = []
        for body in self.document_bodies(number, last_name):
            status, _, answer = self.upload(applicant, body)
            if status != 202:
                raise RuntimeError(f"upload {body['doc_type']}: {status} {answer}")
            documents.append(answer["id"])
        return applicant, documents

    def verdict(self, applicant):
        status, _, body = self.call("GET", f"/v1/applicants/{applicant}/status")
        return body.get("status") if status == 200 and body else None


def document_number(index):
    """The fixtures' document numbers: V and eight digits (the simulator answers `match`)."""
    return "V" + str(index % 10 ** 8).rjust(8, "0")
