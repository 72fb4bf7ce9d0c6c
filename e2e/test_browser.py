"""Browser tests: a visitor and a structure's referent use Maillage as people would.

Runs against a demo server started by scripts/test (MAILLAGE_URL), with the system Chromium.
A screenshot per step is saved under build/e2e/.
"""
import os
import pathlib
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

BASE = os.environ.get("MAILLAGE_URL", "http://127.0.0.1:8080")
SHOTS = pathlib.Path(__file__).resolve().parent.parent / "build" / "e2e"
SHOTS.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), headless=True,
                              args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


AXE = Axe()


def a11y(page, name=""):
    """axe-core on the page as it is now: any violation fails the test (issue 12)."""
    violations = AXE.run(page).response["violations"]
    details = [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not violations, f"{name or page.url}: {details}"


def shot(page, name):
    """A screenshot of the page, at desktop width and at 390 px, and its accessibility check."""
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    width = page.viewport_size["width"] if page.viewport_size else 1200
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / f"{name}-390.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    # The header on a phone (issue 21): one line, the page's first content above the fold.
    header = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    first = page.evaluate("(document.querySelector('main > *') || document.querySelector('main')).getBoundingClientRect().top")
    page.set_viewport_size({"width": width, "height": 900})
    assert overflow <= 1, f"{name}: {overflow} px of sideways scroll at 390 px"
    assert header <= 80, f"{name}: the header takes {header} px at 390 px"
    assert first < 844 / 3, f"{name}: the first content starts at {first} px at 390 px"
    a11y(page, name)


def go(page, group, link):
    """Follows a link of the header: opens its group first (issue 21), as a person would."""
    page.click(f".site-header details.menu-group[data-group='{group}'] > summary")
    page.click(f".site-header details.menu-group[data-group='{group}'] >> text={link}")


def sign_in(page, email, password="demo-maillage"):
    page.goto(BASE + "/connexion")
    page.fill("#f-email", email)
    page.fill("#f-password", password)
    page.click("button:has-text('Se connecter')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Bonjour")


def test_visitor_searches_and_opens_a_structure(page):
    page.goto(BASE + "/")
    expect(page.locator("h1")).to_contain_text("Qui fait quoi")
    expect(page.locator(".map-panel svg circle").first).to_be_attached()
    shot(page, "01-accueil")

    page.fill("#f-q", "épicerie")
    page.click("summary:has-text('Plus de critères')")
    page.select_option("#f-category", "aide-alimentaire")
    page.fill("#f-near", "Narbonne")
    page.click("button:has-text('Rechercher')")
    expect(page.locator(".result-summary")).to_contain_text("autour de Narbonne")
    expect(page.locator(".results")).to_contain_text("La Passerelle")
    shot(page, "02-annuaire-recherche")

    page.click("text=Épicerie solidaire La Passerelle")
    expect(page.locator("h1")).to_have_text("Épicerie solidaire La Passerelle")
    expect(page.locator("body")).to_contain_text("Connectez-vous")
    shot(page, "03-fiche-structure")


def test_map_has_a_legend_and_markers(page):
    page.goto(BASE + "/carte")
    expect(page.locator("h2:has-text('Légende')")).to_be_visible()
    # Every structure is drawn, alone or in a group that says how many (the groups' numbers add up).
    singles = page.locator("svg.map a:not(.cluster)").count()
    grouped = sum(int(t) for t in page.locator("svg.map a.cluster text").all_text_contents())
    assert singles + grouped >= 80, (singles, grouped)
    shot(page, "04-carte")


def test_referent_signs_in_edits_and_sees_the_change(page):
    page.goto(BASE + "/connexion")
    expect(page.locator(".demo-accounts")).to_contain_text("epicerie.narbonne@demo.maillage.fr")
    sign_in(page, "epicerie.narbonne@demo.maillage.fr")
    shot(page, "05-connecte")

    page.click("text=Épicerie solidaire La Passerelle")
    page.click("text=Modifier la fiche")
    new_services = "Épicerie solidaire, paniers de légumes du jeudi, ateliers cuisine"
    page.fill("#f-services", new_services)
    page.fill("#f-capacity_frais", "900")
    shot(page, "06-modification")
    page.click("button:has-text('Enregistrer les modifications')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Modifications enregistrées")
    expect(page.locator("body")).to_contain_text("paniers de légumes du jeudi")
    expect(page.locator("body")).to_contain_text("900 kg")
    shot(page, "07-fiche-modifiee")


def test_bad_input_is_explained_and_kept(page):
    sign_in(page, "ccas.beziers@demo.maillage.fr")
    page.goto(BASE + "/structures/nouvelle")
    page.fill("#f-name", "Jardin solidaire test")
    page.fill("#f-postal_code", "34500")
    page.fill("#f-commune", "Béziers")
    page.fill("#f-siret", "12345678901234")
    page.click("button:has-text('Inscrire la structure')")
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("Choisissez une catégorie")
    expect(page.locator("body")).to_contain_text("clé de contrôle")
    expect(page.locator("#f-name")).to_have_value("Jardin solidaire test")
    shot(page, "08-erreurs-formulaire")
    page.select_option("#f-category", "habitants")
    page.fill("#f-siret", "")
    page.click("button:has-text('Inscrire la structure')")
    expect(page.locator(".notice[role=status]")).to_contain_text("apparaîtra dans l'annuaire")
    expect(page.locator("body")).to_contain_text("en attente de validation")
    shot(page, "09-structure-en-attente")


def test_animator_validates_a_pending_structure(page):
    sign_in(page, "animatrice@demo.maillage.fr")
    go(page, "animation", "Validations")
    expect(page.locator("h1")).to_have_text("Structures à valider")
    shot(page, "10-validations")
    card = page.locator("article:has-text('Épicerie solidaire de Sigean')")
    card.locator("button:has-text('Valider')").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("est validée")
    page.goto(BASE + "/annuaire?q=sigean")
    expect(page.locator(".results")).to_contain_text("Épicerie solidaire de Sigean")
    go(page, "animation", "Journal")
    expect(page.locator("table.audit")).to_contain_text("Structure validée")
    shot(page, "11-journal")


def test_the_header_on_a_phone_is_one_menu_button_without_script(browser):
    """390 px, JavaScript off: one "Menu" button; it opens the groups, a group opens its links."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(BASE + "/")
    expect(page.locator(".site-header nav")).to_be_hidden()
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    assert height <= 60, f"header {height} px"
    page.click(".site-header summary.menu-button")
    expect(page.locator(".site-header nav")).to_be_visible()
    expect(page.locator(".site-header nav")).to_contain_text("Se connecter")
    page.click("details.menu-group[data-group='annuaire'] > summary")
    page.click("details.menu-group[data-group='annuaire'] >> text=Carte")
    expect(page.locator("h2:has-text('Légende')")).to_be_visible()
    page.screenshot(path=str(SHOTS / "00-menu-telephone.png"))
    context.close()


def test_the_header_shows_each_person_what_their_roles_open(page):
    page.goto(BASE + "/")
    groups = page.locator(".site-header details.menu-group")
    assert [g.get_attribute("data-group") for g in groups.all()] == ["annuaire", "logistique"]
    sign_in(page, "animatrice@demo.maillage.fr")
    assert "animation" in [g.get_attribute("data-group") for g in groups.all()]
    page.click("details.menu-group[data-group='logistique'] > summary")
    expect(page.locator("details.menu-group[data-group='logistique']")).to_contain_text("Dons et surplus")
    shot(page, "00-menu-animatrice")
