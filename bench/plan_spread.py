#!/usr/bin/env python3
"""How far apart the hosts of a plan peak, against a packing blind to time.

usage: plan_spread.py DB [SCENARIO [TRIALS]]   (SCENARIO default all-vm, TRIALS 5)

For each site of the latest plan's SCENARIO, over its hypervisor hosts of
two guests or more (co-host hosts are also split by OS family, which this
does not follow): the spread, the hosts' CPU peaks added up over the peak of
their sum (1.00 when every host peaks in the same slot), first as nfold
placed the workloads, then for TRIALS packings onto as many hosts that
balance each host's mean CPU (biggest peak first, each peak scaled by a
random 0.85-1.15 for the order, to the host of least mean) -- what a tool
that sizes by volume and not over time would do. A host holds at most 1 of usable capacity, so with the
sum's peak at P hosts a plan needs at least P x spread hosts: the spread is
what a bound taken slot by slot (docs/planner.md) cannot see.

Demand is the servers' own CPU (cores x rating x % busy) per plan slot, the
highest sample of the slot, without the overhead model: the spreads are
ratios, and the overhead is about proportional to the demand."""
import random, sqlite3, statistics, sys

db = sqlite3.connect(sys.argv[1])
scen = sys.argv[2] if len(sys.argv) > 2 else "all-vm"
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 5
plan, slot_s = db.execute("SELECT id, slot_s FROM plans ORDER BY id DESC LIMIT 1").fetchone()
row = db.execute("SELECT id FROM scenarios WHERE plan_id = ? AND name = ? ORDER BY id LIMIT 1",
                 (plan, scen)).fetchone()
if row is None:
    sys.exit(f"plan_spread: plan {plan} has no scenario '{scen}'")
host_of, site = {}, {}
for hid, sid, st in db.execute(
        "SELECT p.host_id, p.server_id, s.site FROM placements p JOIN plan_hosts h ON h.id = p.host_id "
        "JOIN servers s ON s.id = p.server_id WHERE h.scenario_id = ? AND h.kind = 'hypervisor'", row):
    host_of[sid], site[sid] = hid, st or "-"
guests = {}
for sid, hid in host_of.items():
    guests[hid] = guests.get(hid, 0) + 1
host_of = {sid: hid for sid, hid in host_of.items() if guests[hid] > 1}
t0 = db.execute("SELECT min(ts) FROM samples").fetchone()[0]
ns = (db.execute("SELECT max(ts) FROM samples").fetchone()[0] - t0) // slot_s + 1
cu = dict(db.execute("SELECT id, coalesce(cores, 1) * coalesce(cpu_rating, 1) FROM servers"))
series = {sid: [0.0] * ns for sid in host_of}
for sid, ts, v in db.execute("SELECT server_id, ts, cpu_pct FROM samples WHERE cpu_pct IS NOT NULL"):
    s = series.get(sid)
    if s is not None:
        k = (ts - t0) // slot_s
        s[k] = max(s[k], v / 100 * cu[sid])


def spread(groups):
    total, peaks = [0.0] * ns, 0.0
    for members in groups:
        load = [sum(x) for x in zip(*(series[i] for i in members))]
        peaks += max(load)
        total = [a + b for a, b in zip(total, load)]
    return peaks / max(total)


for st in sorted(set(site[i] for i in host_of)):
    ids = sorted(i for i in host_of if site[i] == st)
    placed = {}
    for i in ids:
        placed.setdefault(host_of[i], []).append(i)
    h = len(placed)
    if h < 2:
        continue
    blind = []
    for trial in range(trials):
        rng = random.Random(trial)
        groups, mean = [[] for _ in range(h)], [0.0] * h
        for i in sorted(ids, key=lambda i: -max(series[i]) * (0.85 + 0.3 * rng.random())):
            k = min(range(h), key=lambda k: mean[k])
            groups[k].append(i)
            mean[k] += sum(series[i]) / ns
        blind.append(spread(groups))
    print(f"{scen} {st}: {h} hypervisor hosts, {len(ids)} workloads: spread {spread(placed.values()):.3f} "
          f"as planned; balanced by mean, blind to time: min {min(blind):.3f}, "
          f"median {statistics.median(blind):.3f} ({trials} trials)")
