"""Writes N generated data·inclusion structures (JSON list) for the import benchmark.

Deterministic for a seed; places records at real communes (the app's embedded table); about 1 % of
records carry an error the importer must report (bad SIRET, free-text hours, duplicate id).
"""
import csv
import json
import pathlib
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
out = sys.argv[2] if len(sys.argv) > 2 else "structures.json"
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(seed)
root = pathlib.Path(__file__).resolve().parents[2]
with open(root / "Sources" / "Maillage" / "Resources" / "communes.csv", encoding="utf-8") as f:
    communes = list(csv.DictReader(f))
kinds = [("Épicerie solidaire", ["banques-alimentaires"]), ("Restos du Cœur", ["restos-du-coeur"]), ("CCAS", ["ccas-cias"]),
         ("Centre social", ["fcsf"]), ("Mission locale", ["mission-locale"]), ("Secours populaire", ["secours-populaire"]),
         ("France Services", ["france-service"]), ("Association d'insertion", ["aci"]), ("Point conseil budget", ["points-conseil-budget"]),
         ("Maison de santé", [])]
records = []
for i in range(n):
    c = rng.choice(communes)
    kind, networks = rng.choice(kinds)
    r = {
        "source": "bench", "id": f"bench--{i}", "nom": f"{kind} de {c['nom']} {i}", "date_maj": "2026-0%d-1%d" % (rng.randint(1, 9), rng.randint(0, 9)),
        "code_insee": c["insee"], "code_postal": c["codes_postaux"].split(" ")[0], "commune": c["nom"],
        "latitude": round(float(c["lat"]) + rng.uniform(-0.01, 0.01), 6), "longitude": round(float(c["lng"]) + rng.uniform(-0.01, 0.01), 6),
        "adresse": f"{rng.randint(1, 120)} rue de la République", "horaires_accueil": rng.choice(["Mo-Fr 09:00-12:00", "Tu,Th 14:00-17:00; PH off", "Mo-Sa 08:30-12:30,14:00-18:00"]),
        "description": f"{kind} : accueil, accompagnement et orientation des habitant·es de {c['nom']}.",
        "courriel": f"contact{i}@exemple.org", "telephone": "04 68 %02d %02d %02d" % (rng.randint(10, 99), rng.randint(10, 99), rng.randint(10, 99)),
        "reseaux_porteurs": networks, "lien_source": f"https://exemple.org/structures/{i}",
    }
    roll = rng.random()
    if roll < 0.004:
        r["siret"] = "1234"
    elif roll < 0.008:
        r["horaires_accueil"] = "du lundi au vendredi"
    elif roll < 0.010 and i > 0:
        r["id"] = f"bench--{i - 1}"
    records.append(r)
with open(out, "w", encoding="utf-8") as f:
    json.dump(records, f, ensure_ascii=False)
print(f"{n} structures written to {out}")
