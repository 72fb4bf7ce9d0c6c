"""One département's day through the whole app (issue 15): the lots and needs created over HTTP — each donor sends its
day's lots in one request, each recipient its needs, as their systems would — the dispatch queued, polled until its
plan is ready, the plan page read as the animator reads it, then the plan accepted. Standard library only. Prints
RESULT lines for scripts/bench-surplus.

  surplus_day.py BASE TOKEN EMAIL PASSWORD STRUCTURES_FILE LOTS NEEDS SECONDS
"""
import concurrent.futures
import datetime
import http.cookiejar
import json
import random
import re
import statistics
import sys
import time
import urllib.parse
import urllib.request
from zoneinfo import ZoneInfo

base, token, email, password, structures, lots_n, needs_n, seconds = sys.argv[1:9]
lots_n, needs_n, seconds = int(lots_n), int(needs_n), float(seconds)
donors = [l.split()[1] for l in open(structures) if l.startswith("DONOR ")]
recipients = [l.split()[1] for l in open(structures) if l.startswith("RECIPIENT ")]
paris = ZoneInfo("Europe/Paris")
day = datetime.datetime.now(paris).date() + datetime.timedelta(days=1)
rng = random.Random(15)
categories = ["fruits-legumes", "feculents", "produits-laitiers", "viande-poisson-oeufs", "matieres-grasses", "produits-sucres", "plats-prepares", "boissons", "autres"]


def at(hour, minute=0, days=0):
    return datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(hour, minute), paris).isoformat()


def api(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read() or b"null"), r.headers


def lot(i):
    category = rng.choice(categories)
    temperature = "frais" if category in ("produits-laitiers", "plats-prepares") else "surgele" if category == "viande-poisson-oeufs" and rng.random() < 0.5 else "ambiant"
    dlc = temperature != "ambiant"
    start = rng.choice([7, 8, 9, 10, 13, 14, 15])
    body = {"organization_id": donors[i % len(donors)], "category": category, "product": f"Lot {i}", "kg": round(2 + rng.random() * rng.random() * 60, 1),
            "temperature": temperature, "date_kind": "dlc" if dlc else "ddm",
            "date": (day + datetime.timedelta(days=rng.randint(3, 10) if dlc else rng.randint(5, 60))).isoformat(),
            "pickup_from": at(start), "pickup_to": at(start + rng.choice([2, 3, 4]))}
    if category == "viande-poisson-oeufs" and temperature == "surgele":
        body["frozen_on"] = (day - datetime.timedelta(days=20)).isoformat()
    return body


def need(j):
    start = rng.choice([8, 9, 13])
    return {"organization_id": recipients[j % len(recipients)], "category": "any" if rng.random() < 0.6 else rng.choice(categories),
            "kg": round(100 + rng.random() * 600), "delivery_from": at(start), "delivery_to": at(start + rng.choice([4, 5, 8])),
            "people_served": rng.randint(20, 600)}


lot_bodies = [lot(i) for i in range(lots_n)]
need_bodies = [need(j) for j in range(needs_n)]
def by_structure(bodies):
    groups = {}
    for b in bodies:
        groups.setdefault(b["organization_id"], []).append(b)
    return list(groups.values())


lot_batches, need_batches = by_structure(lot_bodies), by_structure(need_bodies)
t0 = time.perf_counter()
with concurrent.futures.ThreadPoolExecutor(8) as pool:
    statuses = list(pool.map(lambda b: api("POST", "/api/v1/lots", b)[0], lot_batches))
    statuses += list(pool.map(lambda b: api("POST", "/api/v1/needs", b)[0], need_batches))
t1 = time.perf_counter()
assert all(s == 201 for s in statuses), set(statuses)
status, body, headers = api("POST", "/api/v1/dispatches", {"territory": "11", "day": day.isoformat(), "seconds": seconds})
location = headers["Location"]
while True:
    _, d, _ = api("GET", location)
    if d["status"] in ("done", "failed"):
        break
    time.sleep(0.05)
t2 = time.perf_counter()
assert d["status"] == "done", d.get("failure")
plan = d["plan"]

# The plan page, as the animator sees it (signed in through the form).
jar = http.cookiejar.CookieJar()
browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = browser.open(base + "/connexion").read().decode()
csrf = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
browser.open(base + "/connexion", data=urllib.parse.urlencode({"email": email, "password": password, "_csrf": csrf}).encode())
plan_url = base + "/dons/repartitions/" + d["id"]
timings = []
for _ in range(6):
    s = time.perf_counter()
    html = browser.open(plan_url).read()
    timings.append(time.perf_counter() - s)
    if len(timings) == 1:
        t3 = time.perf_counter()
        assert b"Qui re\xc3\xa7oit quoi" in html, html[:500]
s = time.perf_counter()
status, accepted, _ = api("POST", location + "/accept")
t4 = time.perf_counter()
assert accepted["accepted"], accepted

placed = sum(a["kg"] for a in plan["allocations"])
print(f"RESULT requests={len(lot_batches) + len(need_batches)} create_s={t1 - t0:.2f} plan_s={t2 - t1:.2f} end_to_end_s={t3 - t0:.2f} page_first_ms={timings[0] * 1000:.0f} "
      f"page_median_ms={statistics.median(timings[1:]) * 1000:.0f} page_kb={len(html) / 1024:.0f} accept_s={t4 - s:.2f} "
      f"lots={lots_n} needs={needs_n} tours={len(plan['tours'])} kg_offered={plan['kg_offered']:.0f} kg_placed={placed:.0f} km={plan['km']:.0f}")
