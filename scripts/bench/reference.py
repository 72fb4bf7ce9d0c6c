"""Reference solvers for the routing benchmarks: OR-Tools (guided local search) and PyVRP, same instances,
same time limit, one core. Prints CSV rows: solver,instance,vehicles,distance,seconds,feasible.

Distances are Euclidean, scaled ×1000 and rounded (travel times rounded up) as the solvers need integers;
the reported distance is recomputed in double precision from the routes, as in the literature.
"""
import math
import sys
import time
from pathlib import Path


def read(path):
    lines = [l.split() for l in Path(path).read_text().splitlines() if l.strip()]
    if any(l[0].upper() == "VEHICLE" for l in lines):  # Solomon
        i = next(k for k, l in enumerate(lines) if l[0].upper() == "NUMBER")
        vehicles, capacity = int(lines[i + 1][0]), int(lines[i + 1][1])
        rows = [l for l in lines[i + 2:] if l[0].isdigit() and len(l) == 7]
        nodes = [dict(x=float(r[1]), y=float(r[2]), q=int(r[3]), a=int(r[4]), b=int(r[5]), s=int(r[6]), pick=0, deliv=0) for r in rows]
    else:  # Li & Lim
        vehicles, capacity = int(lines[0][0]), int(lines[0][1])
        nodes = [dict(x=float(r[1]), y=float(r[2]), q=int(r[3]), a=int(r[4]), b=int(r[5]), s=int(r[6]), pick=int(r[7]), deliv=int(r[8])) for r in lines[1:]]
    return vehicles, capacity, nodes


def dist(n, i, j):
    return math.hypot(n[i]["x"] - n[j]["x"], n[i]["y"] - n[j]["y"])


def total(nodes, routes):
    d = 0.0
    for r in routes:
        prev = 0
        for c in r:
            d += dist(nodes, prev, c)
            prev = c
        d += dist(nodes, prev, 0)
    return d


def check(nodes, capacity, routes):
    seen = set()
    for r in routes:
        t, load, prev = 0.0, 0, 0
        for c in r:
            t = max(t + nodes[prev]["s"] + dist(nodes, prev, c), nodes[c]["a"])
            if t > nodes[c]["b"] + 1e-6:
                return False
            load += nodes[c]["q"]
            if load > capacity or load < 0:
                return False
            seen.add(c)
            prev = c
        if t + nodes[prev]["s"] + dist(nodes, prev, 0) > nodes[0]["b"] + 1e-6:
            return False
    return len(seen) == len(nodes) - 1


def ortools(vehicles, capacity, nodes, seconds):
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2
    n = len(nodes)
    manager = pywrapcp.RoutingIndexManager(n, vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    D = [[round(dist(nodes, i, j) * 1000) for j in range(n)] for i in range(n)]
    T = [[math.ceil(dist(nodes, i, j) * 1000) + nodes[i]["s"] * 1000 for j in range(n)] for i in range(n)]
    cost = routing.RegisterTransitCallback(lambda i, j: D[manager.IndexToNode(i)][manager.IndexToNode(j)])
    routing.SetArcCostEvaluatorOfAllVehicles(cost)
    routing.SetFixedCostOfAllVehicles(10_000 * 1000)  # fewer vehicles first
    demand = routing.RegisterUnaryTransitCallback(lambda i: nodes[manager.IndexToNode(i)]["q"])
    pd = any(x["pick"] or x["deliv"] for x in nodes)
    routing.AddDimensionWithVehicleCapacity(demand, 0, [capacity] * vehicles, not pd, "Load")
    if pd:
        load = routing.GetDimensionOrDie("Load")
        for i in range(1, n):
            load.CumulVar(manager.NodeToIndex(i)).SetRange(0, capacity)
    time_cb = routing.RegisterTransitCallback(lambda i, j: T[manager.IndexToNode(i)][manager.IndexToNode(j)])
    horizon = nodes[0]["b"] * 1000
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")
    td = routing.GetDimensionOrDie("Time")
    for i in range(1, n):
        td.CumulVar(manager.NodeToIndex(i)).SetRange(nodes[i]["a"] * 1000, nodes[i]["b"] * 1000)
        # Tight R1/RC1 instances: customers optional with a large penalty, or no first solution is found.
        routing.AddDisjunction([manager.NodeToIndex(i)], 10_000_000_000)
    for v in range(vehicles):
        td.CumulVar(routing.End(v)).SetRange(0, horizon)
    if pd:
        for i in range(1, n):
            if nodes[i]["deliv"]:
                p, d = manager.NodeToIndex(i), manager.NodeToIndex(nodes[i]["deliv"])
                routing.AddPickupAndDelivery(p, d)
                routing.solver().Add(routing.VehicleVar(p) == routing.VehicleVar(d))
                routing.solver().Add(td.CumulVar(p) <= td.CumulVar(d))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC if not pd else routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    routes = []
    for v in range(vehicles):
        i, r = routing.Start(v), []
        i = solution.Value(routing.NextVar(i))
        while not routing.IsEnd(i):
            r.append(manager.IndexToNode(i))
            i = solution.Value(routing.NextVar(i))
        if r:
            routes.append(r)
    return routes


def pyvrp(vehicles, capacity, nodes, seconds, seed):
    import pyvrp
    from pyvrp.stop import MaxRuntime
    if any(x["pick"] or x["deliv"] for x in nodes):
        return None  # PyVRP has no pickup-and-delivery pairs: reported as not applicable
    m = pyvrp.Model()
    locations = [m.add_location(x=c["x"], y=c["y"]) for c in nodes]
    depot = m.add_depot(locations[0], tw_early=nodes[0]["a"] * 1000, tw_late=nodes[0]["b"] * 1000)
    m.add_vehicle_type(num_available=vehicles, capacity=capacity, start_depot=depot, end_depot=depot, fixed_cost=10_000 * 1000,
                       tw_early=nodes[0]["a"] * 1000, tw_late=nodes[0]["b"] * 1000)
    for c, loc in zip(nodes[1:], locations[1:]):
        m.add_client(loc, delivery=c["q"], service_duration=c["s"] * 1000, tw_early=c["a"] * 1000, tw_late=c["b"] * 1000)
    for i, a in enumerate(locations):
        for j, b in enumerate(locations):
            if i != j:
                m.add_edge(a, b, distance=round(dist(nodes, i, j) * 1000), duration=math.ceil(dist(nodes, i, j) * 1000))
    result = m.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    # Iterating a route gives its client indices (depots first in the numbering, so they match ours).
    # Client activities are numbered from 0 among clients; our customers start at node 1.
    return [[a.idx + 1 for a in r if a.is_client()] for r in result.best.routes()]


def main():
    solver, seconds, seed, files = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    for f in files:
        vehicles, capacity, nodes = read(f)
        start = time.time()
        routes = ortools(vehicles, capacity, nodes, seconds) if solver == "ortools" else pyvrp(vehicles, capacity, nodes, seconds, seed)
        elapsed = time.time() - start
        name = Path(f).stem
        if routes is None:
            print(f"{solver},{name},,,{elapsed:.1f},n/a", flush=True)
        else:
            ok = check(nodes, capacity, routes)
            print(f"{solver},{name},{len(routes)},{total(nodes, routes):.2f},{elapsed:.1f},{'yes' if ok else 'NO'}", flush=True)


if __name__ == "__main__":
    main()
