"""Solves a DIMACS 'min' file with OR-Tools' SimpleMinCostFlow; prints cost and seconds (the reference for
the allocation benchmark: same network, independent solver)."""
import sys
import time

from ortools.graph.python import min_cost_flow

smcf = min_cost_flow.SimpleMinCostFlow()
supplies = {}
tails, heads, caps, costs = [], [], [], []
n = 0
with open(sys.argv[1]) as f:
    for line in f:
        p = line.split()
        if not p:
            continue
        if p[0] == "p":
            n = int(p[2])
        elif p[0] == "n":
            supplies[int(p[1]) - 1] = int(p[2])
        elif p[0] == "a":
            tails.append(int(p[1]) - 1); heads.append(int(p[2]) - 1); caps.append(int(p[4])); costs.append(int(p[5]))
import numpy as np
smcf.add_arcs_with_capacity_and_unit_cost(np.array(tails), np.array(heads), np.array(caps), np.array(costs))
for v in range(n):
    smcf.set_node_supply(v, supplies.get(v, 0))
start = time.time()
status = smcf.solve()
elapsed = time.time() - start
print(f"status={status} cost={smcf.optimal_cost()} solve_s={elapsed:.3f}")
