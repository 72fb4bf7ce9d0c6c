"""Interoperability, end to end: an animator uploads a data·inclusion file, reads the report, finds the
structures in the directory and sees the coverage panel change; the exports pass the official schemas.

Runs against the demo server started by scripts/test (MAILLAGE_URL). Screenshots go to build/e2e/.
"""
import json
import os
import pathlib
import tempfile
import urllib.request
import uuid

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import expect

from test_browser import BASE, browser, go, page, shot, sign_in  # noqa: F401  (fixtures)

ROOT = pathlib.Path(__file__).resolve().parent.parent
DI_SCHEMAS = ROOT / "Sources" / "Maillage" / "Resources" / "interop"
# The compiled HSDS organization schema (3.4 MB) is read from the project's shared reference files, not copied here.
HSDS_SCHEMA = ROOT.parent / "shared" / "interop" / "hsds" / "organization.json"


def fetch_json(path):
    with urllib.request.urlopen(BASE + path, timeout=30) as r:
        assert r.status == 200
        return json.load(r)


def validator(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("territory", ["11", "34"])
def test_exports_pass_the_official_schemas(territory):
    structures = fetch_json(f"/territoires/{territory}/export/data-inclusion-structures.json")
    assert len(structures) > 30
    v = validator(DI_SCHEMAS / "data-inclusion-structure.json")
    for record in structures:
        errors = [e.message for e in v.iter_errors(record)]
        assert not errors, (record["id"], errors)
    services = fetch_json(f"/territoires/{territory}/export/data-inclusion-services.json")
    vs = validator(DI_SCHEMAS / "data-inclusion-service.json")
    for record in services:
        assert not list(vs.iter_errors(record)), record["id"]
    assert HSDS_SCHEMA.exists(), f"HSDS schema missing: {HSDS_SCHEMA} (the shared reference files sit next to the repository)"
    hsds = fetch_json(f"/territoires/{territory}/export/hsds.json")
    assert len(hsds) == len(structures)
    vh = validator(HSDS_SCHEMA)
    for org in hsds:
        errors = [f"{list(e.path)}: {e.message}" for e in vh.iter_errors(org)]
        assert not errors, (org["name"], errors[:5])


def test_animator_uploads_a_file_and_the_coverage_changes(page):
    tag = uuid.uuid4().hex[:6]
    records = [
        {"source": "e2e", "id": f"e2e--ars-{tag}", "nom": f"Agence régionale de santé — délégation de l'Aude {tag}",
         "date_maj": "2026-11-01", "code_insee": "11069", "adresse": "14 rue du 4 Septembre"},
        {"source": "e2e", "id": f"e2e--epicerie-{tag}", "nom": f"Épicerie solidaire du Minervois {tag}", "date_maj": "2026-11-01",
         "code_postal": "11160", "commune": "Caunes-Minervois", "reseaux_porteurs": ["banques-alimentaires"],
         "horaires_accueil": "Tu,Fr 09:00-12:00"},
        {"source": "e2e", "id": f"e2e--bad-{tag}", "nom": "Horaires libres", "date_maj": "2026-11-01", "code_insee": "11069",
         "horaires_accueil": "le mardi matin"},
    ]
    path = pathlib.Path(tempfile.mkdtemp()) / "structures-aude.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")

    sign_in(page, "animatrice@demo.maillage.fr")
    page.goto(BASE + "/territoires/11/couverture")
    ars = page.locator("tr[data-ligne=institution-ars]")
    expect(ars).to_contain_text("Absent")
    shot(page, "20-couverture-avant-import")

    go(page, "animation", "Imports")
    expect(page.locator("h1")).to_contain_text("Importer des structures")
    page.select_option("#f-territory", "11")
    page.set_input_files("input[name=structures]", str(path))
    shot(page, "21-import-formulaire")
    page.click("button:has-text('Envoyer et importer')")
    page.wait_for_url("**/animation/imports/*")
    expect(page.locator("#bilan")).to_be_visible(timeout=30_000)
    expect(page.locator("#refus")).to_contain_text(f"e2e--bad-{tag}")
    expect(page.locator("#refus")).to_contain_text("OpenStreetMap")
    shot(page, "22-import-bilan")

    page.goto(BASE + f"/annuaire?q=minervois+{tag}")
    expect(page.locator(".results")).to_contain_text(f"Épicerie solidaire du Minervois {tag}")
    shot(page, "23-annuaire-structure-importee")
    page.click(f"text=Épicerie solidaire du Minervois {tag}")
    expect(page.locator(".provenance")).to_contain_text("Importée de e2e")

    page.goto(BASE + "/territoires/11/couverture")
    expect(page.locator("tr[data-ligne=institution-ars]")).to_contain_text("Présent")
    shot(page, "24-couverture-apres-import")

    # Re-importing the same file changes nothing.
    page.goto(BASE + "/animation/imports")
    page.set_input_files("input[name=structures]", str(path))
    page.click("button:has-text('Envoyer et importer')")
    page.wait_for_url("**/animation/imports/*")
    expect(page.locator("#bilan")).to_contain_text("Inchangés", timeout=30_000)
    expect(page.locator("#bilan tr:has-text('Inchangés')")).to_contain_text("2")
    expect(page.locator("#bilan tr:has-text('Créés')")).to_contain_text("0")

    page.goto(BASE + "/territoires/34/cooperations")
    expect(page.locator("#resume")).to_contain_text("de coopération")
    expect(page.locator("svg.graph circle.isolated").first).to_be_attached()
    shot(page, "25-graphe-cooperations")
