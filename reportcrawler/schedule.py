"""`reportcrawler schedule`: start crawls on a scrapyd through its HTTP API.

    reportcrawler schedule --scrapyd http://localhost:6800 --all -s STORE_URI=postgresql://…
    reportcrawler schedule --scrapyd URL --spider hulan --spider qingshan
    reportcrawler schedule --scrapyd URL --portals portals.txt      # one `portal` job per line

`--all` is every spider the deployed project lists except `portal` (which
needs a start URL); `--portals FILE` reads `URL [region code]` per line, as
`scrapy crawl portal -a start_urls_file=FILE` does. In `-s NAME=VALUE`,
`{spider}` and `{job}` are replaced per job (`-s
REPORTCRAWLER_STATS_FILE=/var/lib/reportcrawler/stats/{spider}-{job}.json`).

Prints `<spider> <jobid>` per job scheduled (plus the start URL for portal
jobs). Exit 0: every job scheduled; 1: scrapyd refused some (each refusal one
line on stderr); 2: nothing could be scheduled (scrapyd unreachable, project
not deployed, unknown spider, a bad file or setting).
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

from scrapy.exceptions import UsageError

from .errors import SetupError
from .portal import read_start_file

PORTAL = "portal"


@dataclass
class Job:
    spider: str
    arguments: dict[str, str] = field(default_factory=dict)
    jobid: str = field(default_factory=lambda: uuid.uuid4().hex)


class Scrapyd:
    """The few scrapyd endpoints we use; each error is one line (SetupError)."""

    def __init__(self, url: str, project: str, timeout: float = 30):
        if not url.startswith(("http://", "https://")):
            raise SetupError(f"--scrapyd {url!r}: expected http://host:port")
        self.url = url.rstrip("/")
        self.project = project
        self.timeout = timeout

    def _call(self, endpoint: str, fields: list[tuple[str, str]], post: bool) -> dict:
        data = urllib.parse.urlencode(fields)
        url = f"{self.url}/{endpoint}"
        request = urllib.request.Request(url, data=data.encode()) if post else urllib.request.Request(f"{url}?{data}")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise SetupError(f"scrapyd at {self.url}: {endpoint} answered HTTP {exc.code} {exc.reason}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SetupError(f"scrapyd unreachable at {self.url}: {reason}") from None
        try:
            return json.loads(body)
        except ValueError:
            raise SetupError(f"scrapyd at {self.url}: {endpoint} did not answer JSON (is it scrapyd?)") from None

    def spiders(self) -> list[str]:
        answer = self._call("listspiders.json", [("project", self.project)], post=False)
        if answer.get("status") != "ok":
            raise SetupError(f"scrapyd at {self.url}: project {self.project!r} not deployed "
                             f"({answer.get('message', 'no message')}); run scrapyd-deploy")
        return list(answer.get("spiders", []))

    def schedule(self, job: Job, settings: list[tuple[str, str]]) -> str | None:
        """Schedule one job: None when scrapyd took it, else its refusal."""
        fields = [("project", self.project), ("spider", job.spider), ("jobid", job.jobid)]
        fields += list(job.arguments.items())
        fields += [("setting", f"{name}={expand(value, job)}") for name, value in settings]
        answer = self._call("schedule.json", fields, post=True)
        if answer.get("status") != "ok":
            return str(answer.get("message", answer))
        return None


def expand(value: str, job: Job) -> str:
    """`{spider}` and `{job}` in a setting's value, per job (other braces stay as they are)."""
    return value.replace("{spider}", job.spider).replace("{job}", job.jobid)


def parse_settings(pairs: list[str]) -> list[tuple[str, str]]:
    settings = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise SetupError(f"-s {pair!r}: expected NAME=VALUE")
        settings.append((name.strip(), value))
    return settings


def jobs_for(args: argparse.Namespace, deployed: list[str]) -> list[Job]:
    if args.portals:
        try:
            targets = read_start_file(args.portals)
        except UsageError as exc:
            raise SetupError(str(exc)) from None
        except OSError as exc:
            raise SetupError(f"cannot read {args.portals}: {exc.strerror or exc}") from None
        if not targets:
            raise SetupError(f"{args.portals}: no start URL in it")
        if PORTAL not in deployed:
            raise SetupError(f"spider {PORTAL!r} is not in the deployed project {args.project!r}")
        return [Job(PORTAL, {"start_url": url, **({"region_code": code} if code else {})}) for url, code in targets]
    if args.all:
        names = [name for name in deployed if name != PORTAL]
        if not names:
            raise SetupError(f"project {args.project!r} on scrapyd lists no site spiders")
        return [Job(name) for name in names]
    unknown = [name for name in args.spider if name not in deployed]
    if unknown:
        raise SetupError(f"not in the deployed project {args.project!r}: {', '.join(unknown)} "
                         f"(it has: {', '.join(deployed)})")
    return [Job(name) for name in args.spider]


def cmd_schedule(args: argparse.Namespace) -> int:
    settings = parse_settings(args.setting)
    scrapyd = Scrapyd(args.scrapyd, args.project)
    jobs = jobs_for(args, scrapyd.spiders())
    refused = 0
    for job in jobs:
        refusal = scrapyd.schedule(job, settings)
        target = f" {job.arguments['start_url']}" if "start_url" in job.arguments else ""
        if refusal:
            refused += 1
            print(f"reportcrawler schedule: {job.spider}{target}: refused: {refusal}", file=sys.stderr)
        else:
            print(f"{job.spider} {job.jobid}{target}", flush=True)
    return 1 if refused else 0


def add_parser(sub) -> None:
    parser = sub.add_parser("schedule", help="schedule crawls on a scrapyd (HTTP API)",
                            description=__doc__.split("\n\n")[0])
    parser.add_argument("--scrapyd", required=True, metavar="URL", help="scrapyd's address, e.g. http://localhost:6800")
    parser.add_argument("--project", default="reportcrawler", help="the deployed project (default: reportcrawler)")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every deployed spider except portal")
    which.add_argument("--spider", action="extend", nargs="+", metavar="NAME", help="these spiders")
    which.add_argument("--portals", metavar="FILE", help="one portal job per line: URL [region code]")
    parser.add_argument("-s", dest="setting", action="append", default=[], metavar="NAME=VALUE",
                        help="Scrapy setting for every job; {spider} and {job} are replaced per job")
    parser.set_defaults(func=cmd_schedule)
