"""`tonecheck serve`: the JSON API, the page and its files, errors, limits and a real server.

The fast tests run the application on the minimal rules and a blank pipeline; those marked `model`
lint for real, against the command line's own JSON, and start `tonecheck serve` as a user would.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app as cli_app
from tonecheck.run.config import Config, ConfigModel
from tonecheck.web.app import STATIC, create_app
from tonecheck.web.service import CheckService

from .webserver import TONECHECK, free_port, get_json, post_json, running_server

# Starlette 1.x warns that its test client will move from httpx to httpx2; the client works the same.
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

PASSIVE = "Hi Sam,\n\nPer my last email, the samples are attached.\n\nThank you,\nAna"


def _client(engine, ruleset, **settings):
    from starlette.testclient import TestClient

    service = CheckService(engine, Config(ConfigModel.model_validate(settings)), lambda: ruleset)
    return TestClient(create_app(service))


@pytest.fixture
def client(blank_engine, minimal_ruleset):
    return _client(blank_engine, minimal_ruleset)


def _one_line_error(response, status: int) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert list(body) == ["error"]
    assert "\n" not in body["error"] and "Traceback" not in body["error"]
    return body["error"]


def test_check_answers_with_the_json_report(client):
    response = client.post("/api/check", json={"text": PASSIVE, "kind": "other"})
    assert response.status_code == 200
    report = response.json()
    assert report["version"] == 1 and report["summary"] == {"files": 1, "findings": 1}
    (entry,) = report["files"]
    assert entry["path"] == "<input>" and entry["kind"] == "other"
    (finding,) = entry["findings"]
    assert finding["rule"] == "tone/per-my-last"
    assert PASSIVE[finding["start"] : finding["end"]] == finding["text"] == "Per my last email"
    assert finding["suggestions"] == ["To recap"]
    assert response.headers["cache-control"] == "no-store"


def test_the_kind_is_guessed_when_not_given_and_dates_are_used(client):
    # The minimal rules' timing rule flags asking for news before the day after the reply-by date.
    text = "Hi Sam,\n\nThank you. Is there any update on the role?\n\nBest,\nAna"
    dated = {"text": text, "reply-by": "2026-03-06", "send-date": "2026-03-06"}
    report = client.post("/api/check", json=dated).json()
    assert "timing/too-soon" in [f["rule"] for f in report["files"][0]["findings"]]
    later = client.post("/api/check", json={**dated, "send-date": "2026-03-09"}).json()
    assert "timing/too-soon" not in [f["rule"] for f in later["files"][0]["findings"]]
    guessed = report["files"][0]["kind"]
    chosen = client.post("/api/check", json={**dated, "kind": "rejection-reply"}).json()
    assert chosen["files"][0]["kind"] == "rejection-reply" != guessed


def test_fix_applies_safe_fixes_only(client):
    fixed = client.post("/api/fix", json={"text": PASSIVE}).json()
    assert fixed == {
        "text": PASSIVE.replace("Per my last email", "To recap"),
        "applied": 1,
        "changed": True,
    }
    clean = client.post("/api/fix", json={"text": fixed["text"]}).json()
    assert clean["changed"] is False and clean["text"] == fixed["text"]


def test_a_finding_on_the_subject_line_suggests_a_subject_as_the_command_line_does(client):
    # The rule's own rewrite is a phrase for the body; on a subject line the page offers a subject.
    draft = "Subject: Per my last email\n\nHi Sam,\n\nThe samples are attached.\n\nThank you,\nAna"
    report = client.post("/api/check", json={"text": draft, "kind": "other"}).json()
    (finding,) = report["files"][0]["findings"]
    assert finding["text"] == "Per my last email" and finding["suggestions"] == ["Following up"]
    fixed = client.post("/api/fix", json={"text": draft, "kind": "other"}).json()
    assert fixed["text"] == draft.replace("Subject: Per my last email", "Subject: Following up")


def test_rules_lists_each_rule_with_why(client, minimal_ruleset):
    rules = client.get("/api/rules").json()
    assert [rule["id"] for rule in rules] == sorted(minimal_ruleset.rules)
    per_my_last = next(rule for rule in rules if rule["id"] == "tone/per-my-last")
    assert per_my_last["why"] == "It implies the reader did not read."
    assert per_my_last["fix"] == "safe"


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "not JSON"),
        (b"\xff\xfe", 400, "not"),
        (b'["text"]', 400, "JSON object"),
        (b"{}", 422, '"text" is required'),
        (b'{"text": 5}', 422, '"text" is required'),
        (b'{"text": "Hi", "kind": "memo"}', 422, "kind: expected one of"),
        (b'{"text": "Hi", "reply-by": "next Friday"}', 422, "reply-by"),
        (b'{"text": "Hi", "interview-date": "2026-02-30"}', 422, "interview-date"),
        (b'{"text": "Hi", "send-date": 20260302}', 422, "send-date"),
        (b'{"text": "Hi", "reply_by": "2026-03-02"}', 422, "did you mean 'reply-by'"),
        (b'{"text": "Hi", "unsafe": "yes"}', 422, "unknown field 'unsafe'"),
        (b'{"text": "Hi \\ud800, per my last email"}', 422, "lone surrogate"),
    ],
)
def test_bad_requests_get_a_one_line_json_error(client, body, status, words):
    assert words in _one_line_error(client.post("/api/check", content=body), status)


def test_bad_front_matter_in_the_text_names_its_line(client):
    text = "---\nkind: check-in\nreply-by: someday\n---\nHi Sam,\n"
    message = _one_line_error(client.post("/api/check", json={"text": text}), 422)
    assert message.startswith("<input>:3: reply-by")


def test_a_send_date_in_the_drafts_front_matter_is_used(client):
    # Only a draft that gives no send date is sent "today": its own front matter's date counts.
    text = "---\nreply-by: 2026-03-06\nsend-date: 2026-03-06\n---\nHi Sam,\n\nIs there any update?\n\nAna"
    rules = [f["rule"] for f in client.post("/api/check", json={"text": text}).json()["files"][0]["findings"]]
    assert "timing/too-soon" in rules


def _cli_plan(*args: str) -> dict:
    result = CliRunner().invoke(
        cli_app, ["plan", *args, "--format", "json", "--isolated"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_plan_answers_as_the_command_lines_json(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dates = {"interview-date": "2026-03-06", "reply-by": "2026-03-13"}
    plan = client.post("/api/plan", json=dates).json()
    assert plan == _cli_plan("--interview-date=2026-03-06", "--reply-by=2026-03-13")
    assert [step["date"] for step in plan["steps"]] == [
        "2026-03-09",
        "2026-03-16",
        "2026-03-23",
        "2026-03-30",
    ]
    assert plan["draft_step"] is None

    # A draft's front matter gives the dates and, with its kind and send date, which step it is.
    text = "---\nkind: check-in\ninterview-date: 2026-03-06\nsend-date: 2026-03-18\n---\nHi Sam, any news?\n"
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    from_text = client.post("/api/plan", json={"text": text}).json()
    assert from_text == _cli_plan("draft.txt")
    assert from_text["draft_step"] == "check-in"
    assert from_text["steps"][1]["sent"] == "2026-03-18"
    assert from_text["steps"][2]["date"] == "2026-03-25"  # a week after the late check-in went out

    # The request's fields win over the front matter, as the command's options win over the file's.
    moved = client.post("/api/plan", json={"text": text, "interview-date": "2026-03-09"}).json()
    assert moved == _cli_plan("draft.txt", "--interview-date=2026-03-09")
    assert moved["interview_date"] == "2026-03-09"


def test_plan_follows_the_servers_configuration(blank_engine, minimal_ruleset):
    client = _client(blank_engine, minimal_ruleset, **{"check-in-wait": 2})
    plan = client.post("/api/plan", json={"interview-date": "2026-03-02"}).json()
    assert plan["steps"][1]["date"] == "2026-03-04"  # two business days instead of five


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"{not json", 400, "not JSON"),
        (b"{}", 422, "no interview date"),
        (b'{"reply-by": "2026-03-06"}', 422, "no interview date"),
        (b'{"interview-date": "2026-02-30"}', 422, "interview-date: '2026-02-30' is not a date"),
        (b'{"interview-date": "2026-03-06", "reply-by": "2026-03-05"}', 422, "reply-by 2026-03-05 is before"),
        (b'{"interview-date": "2026-03-06", "text": 5}', 422, '"text" is required and must be a string'),
        (b'{"interview-date": "2026-03-06", "sent": "x"}', 422, "unknown field 'sent'"),
        (b'{"text": "---\\ninterview-date: 2026-03-32\\n---\\nHi"}', 422, "<input>:2: interview-date"),
    ],
)
def test_plan_refuses_bad_dates_in_one_line(client, body, status, words):
    assert words in _one_line_error(client.post("/api/plan", content=body), status)


def test_fix_checks_its_unsafe_flag(client):
    message = _one_line_error(client.post("/api/fix", json={"text": "Hi", "unsafe": 1}), 422)
    assert "unsafe" in message


def test_a_body_over_max_file_size_is_refused_with_413(blank_engine, minimal_ruleset):
    client = _client(blank_engine, minimal_ruleset, **{"max-file-size": 200})
    small = {"text": "Hi Sam, thank you."}
    assert client.post("/api/check", json=small).status_code == 200
    big = json.dumps({"text": "word " * 100}).encode()
    assert "size limit" in _one_line_error(client.post("/api/check", content=big), 413)

    def chunks():  # no Content-Length: the limit holds while the body streams in
        yield big[:150]
        yield big[150:]

    assert "size limit" in _one_line_error(client.post("/api/fix", content=chunks()), 413)


def test_unknown_paths_and_methods_answer_in_json(client):
    assert _one_line_error(client.get("/api/nothing"), 404) == "not found: /api/nothing"
    assert "GET /api/check" in _one_line_error(client.get("/api/check"), 405)


def test_health(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and isinstance(health["worker"], int)
    assert client.get("/api/health").json()["status"] == "ok"


def test_the_page_and_its_files_are_served_with_a_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    for name in re.findall(r'(?:src|href)="(static/[^"]+)"', page.text):
        served = client.get("/" + name)
        assert served.status_code == 200, name
        assert served.content == (STATIC / name.removeprefix("static/")).read_bytes()
    for label in ("Kind of message", "Interview date", "Reply-by date", "Send date", "Email text"):
        assert label in page.text


def test_the_page_loads_nothing_from_elsewhere():
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        # svg's xmlns names a namespace; it is never fetched
        outside = re.findall(r"(?:https?:)?//[\w.-]+\.\w+", text.replace("http://www.w3.org/2000/svg", ""))
        assert outside == [], path.name


def test_every_form_control_has_a_label():
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    controls = set(re.findall(r'<(?:textarea|select|input)[^>]*\bid="([^"]+)"', page))
    assert controls and controls <= labelled


def test_nothing_but_counts_is_logged(client, caplog):
    secret = "Per my last email, Zanzibarquux is attached."
    with caplog.at_level(logging.DEBUG):
        assert client.post("/api/check", json={"text": secret, "kind": "check-in"}).status_code == 200
        client.post("/api/check", json={"text": secret, "kind": "nonsense-Zanzibarquux"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert re.search(r"check: 44 characters, [1-9] findings, \d+ ms", logged), logged
    assert "Zanzibarquux" not in logged


def test_help_does_not_load_the_server():
    code = (
        "import sys\nfrom tonecheck.cli import main\nsys.argv = ['tonecheck', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('LOADED', any(name.split('.')[0] in ('starlette', 'uvicorn') for name in sys.modules))\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "serve" in output and output.strip().splitlines()[-1] == "LOADED False"


def test_serve_refuses_a_port_in_use_in_one_line(tmp_path):
    with __import__("socket").socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli_app, ["serve", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"tonecheck: error: port {port} is in use on 127.0.0.1; choose another with --port"
    )


def test_serve_refuses_a_bad_configuration_in_one_line(tmp_path):
    config = tmp_path / ".tonecheck.yaml"
    config.write_text("fail-on: sometimes\n", encoding="utf-8")
    result = CliRunner().invoke(cli_app, ["serve", "--port", str(free_port()), "--config", str(config)])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith("tonecheck: error:") and ".tonecheck.yaml" in line


# --- with the trained pipeline ------------------------------------------------------------------------

DRAFT = (
    "Hi Maria,\n\nYou said you'd get back to me by Friday. Why haven't you replied? 🙂\n\n"
    "I need an answer by Monday.\n\nSam"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve")
    with running_server(folder, "--isolated") as (url, log):
        yield url, log


@pytest.mark.model
def test_check_matches_the_command_lines_json(server, tmp_path):
    url, _log = server
    dates = {"interview-date": "2026-03-02", "reply-by": "2026-03-06", "send-date": "2026-03-04"}
    status, report = post_json(url + "api/check", {"text": DRAFT, **dates})
    assert status == 200 and report["summary"]["findings"] >= 3
    options = [f"--{key}={value}" for key, value in dates.items()]
    command = [*TONECHECK, "--format", "json", "--isolated", "--no-cache", *options]
    command += ["--stdin-filename", "<input>", "-"]
    cli = subprocess.run(command, input=DRAFT, capture_output=True, text=True)
    assert cli.returncode == 1, cli.stderr
    assert report == json.loads(cli.stdout)


@pytest.mark.model
def test_the_real_server_serves_the_page_and_refuses_bad_input(server):
    url, _log = server
    import urllib.request

    with urllib.request.urlopen(url, timeout=5) as page:
        assert b'<textarea id="draft"' in page.read()
    assert post_json(url + "api/check", b"{")[0] == 400
    assert post_json(url + "api/check", {"text": "Hi", "kind": "memo"})[0] == 422
    assert post_json(url + "api/check", {"text": "x" * (1024 * 1024 + 1)})[0] == 413
    assert len(get_json(url + "api/rules")) > 20  # type: ignore[arg-type]


@pytest.mark.model
def test_concurrent_requests_get_the_answers_of_requests_one_at_a_time(server):
    url, log = server
    line = "INFO:     check: 112 characters, "
    before = log.read_text(encoding="utf-8").count(line)
    drafts = [DRAFT, PASSIVE, "Hi Sam,\n\nThank you for your time today.\n\nAna", DRAFT.upper()]
    alone = [post_json(url + "api/check", {"text": text, "send-date": "2026-03-04"}) for text in drafts]
    bodies = [{"text": drafts[i % 4], "send-date": "2026-03-04"} for i in range(32)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        together = list(pool.map(lambda body: post_json(url + "api/check", body), bodies))
    assert together == [alone[i % 4] for i in range(32)]
    logged = log.read_text(encoding="utf-8")
    assert logged.count(line) - before == 2 + 16  # DRAFT and DRAFT.upper(): alone, then 8 times each
    assert "Maria" not in logged and "POST /api/check" not in logged  # counts only: no text, no access log


@pytest.mark.model
def test_two_workers_each_answer(tmp_path):
    with running_server(tmp_path, "--isolated", workers=2) as (url, _log):
        expected = post_json(url + "api/check", {"text": PASSIVE})
        answers = []
        lock = threading.Lock()

        def ask(_index: int) -> None:
            answer = post_json(url + "api/check", {"text": PASSIVE})
            with lock:
                answers.append(answer)

        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(ask, range(8)))
        assert expected[0] == 200 and answers == [expected] * 8


def test_the_installed_wheel_serves_the_page(tmp_path):
    """The static files are in the wheel: build it, install it apart, and fetch every file from it."""
    root = Path(__file__).resolve().parent.parent
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, root], check=True)
    (wheel,) = wheels.glob("tonecheck-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", target, wheel], check=True)
    script = (
        "import types, warnings\nwarnings.simplefilter('ignore')\n"
        "from starlette.testclient import TestClient\nimport tonecheck.web.app as web\n"
        f"assert web.__file__.startswith({str(target)!r}), web.__file__\n"
        "client = TestClient(web.create_app(types.SimpleNamespace(max_bytes=10)))\n"
        "for name in sorted(p.name for p in web.STATIC.iterdir()):\n"
        "    response = client.get('/static/' + name)\n"
        "    print(name, response.status_code, len(response.content))\n"
        "print('page', client.get('/').status_code)\n"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, check=True
    ).stdout
    served = {line.split()[0]: line.split()[1:] for line in output.splitlines()}
    assert served.pop("page") == ["200"]
    expected = {p.name: ["200", str(p.stat().st_size)] for p in STATIC.iterdir()}
    assert served == expected and {"index.html", "app.js", "style.css"} <= set(served)
