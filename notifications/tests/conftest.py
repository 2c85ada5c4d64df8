import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from ledger.tests.factories import make_measure, make_problem

# A Monday with nothing special about it; tests travel around it.
MONDAY = datetime.date(2026, 11, 23)


class RobotServer:
    """A group robot on 127.0.0.1 that records every POST and answers as the real robots do."""

    def __init__(self):
        self.received: list[dict] = []
        self.answer = {"errcode": 0, "errmsg": "ok"}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                parts = urlsplit(self.path)
                server.received.append(
                    {
                        "path": parts.path,
                        "query": {key: values[0] for key, values in parse_qs(parts.query).items()},
                        "content_type": self.headers.get("Content-Type"),
                        "json": json.loads(self.rfile.read(length).decode()),
                    }
                )
                body = json.dumps(server.answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def robot():
    server = RobotServer()
    yield server
    server.close()


@pytest.fixture
def email_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.POBING_SITE_URL = "https://pobing.example.cn"


@pytest.fixture
def measure(cast, county, rolled_out):
    """A measure of 甲医院: owner_a answers for it, leader_a is its responsible leader."""
    campaign = rolled_out["JYY"]
    problem = make_problem(actor=cast["office_a"], campaign=campaign, org=county["a"])
    return make_measure(
        actor=cast["office_a"],
        problem=problem,
        owner=cast["owner_a"],
        leader=cast["leader_a"],
        deadline=datetime.date(2027, 6, 30),
    )
