"""Surplus exchange (issue 15), phone width and desktop: a farm declares a lot from a phone; the animator prepares
tomorrow's dispatch, runs it, reads the plan and accepts it; the lot's page shows its chain. Every page is
screenshot and checked by axe-core (`shot`).
"""
import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from test_browser import BASE, browser, page, shot, sign_in  # noqa: F401  (fixtures)


def test_a_farm_gives_and_the_animator_dispatches(browser):
    # Days as the app counts them: in Paris (the demo's lots are for the Paris tomorrow).
    today = datetime.datetime.now(ZoneInfo("Europe/Paris")).date()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    farm = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = farm.new_page()
    sign_in(page, "ferme.corbieres@demo.maillage.fr")
    page.goto(BASE + "/dons")
    shot(page, "70-dons-tableau")
    page.click("text=Déclarer un don")
    page.select_option("#f-category", "fruits-legumes")
    page.fill("#f-product", "Tomates anciennes")
    page.fill("#f-kg", "0")
    page.fill("#f-date", (today + datetime.timedelta(days=8)).isoformat())
    page.fill("#f-pickup_from", f"{tomorrow}T08:00")
    page.fill("#f-pickup_to", f"{tomorrow}T12:00")
    page.click("button:has-text('Enregistrer le don')")
    expect(page.locator("#f-kg-erreur")).to_contain_text("positive")
    expect(page.locator("#f-product")).to_have_value("Tomates anciennes")
    shot(page, "71-don-erreur")
    page.fill("#f-kg", "85")
    page.click("button:has-text('Enregistrer le don')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Don enregistré")
    lot_url = page.url
    shot(page, "72-don-enregistre")

    desk = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900}).new_page()
    sign_in(desk, "animatrice@demo.maillage.fr")
    desk.goto(BASE + f"/dons/territoires/11/repartition?jour={tomorrow}")
    expect(desk.locator("main")).to_contain_text("lots proposés")
    shot(desk, "73-repartition-preparer")
    desk.fill("#f-secondes", "2")
    desk.click("button:has-text('Calculer la répartition')")
    expect(desk.locator(".badge").first).to_have_text("Plan prêt", timeout=60_000)
    expect(desk.locator("main")).to_contain_text("Qui reçoit quoi")
    shot(desk, "74-repartition-plan")
    # The animator keeps the first lot from its recipient: the day is planned again with the change.
    adjust = desk.locator("form.adjust").first
    adjust.locator("select").select_option(index=1)
    adjust.locator("button").click()
    expect(desk.locator(".notice[role=status]")).to_contain_text("Ajustement pris en compte")
    expect(desk.locator(".badge").first).to_have_text("Plan prêt", timeout=60_000)
    shot(desk, "74b-repartition-ajustee")
    desk.once("dialog", lambda d: d.accept())
    desk.click("button:has-text('Accepter ce plan')")
    expect(desk.locator(".notice[role=status]")).to_contain_text("Plan accepté")
    # The food bank answers its truck's requests itself (issue 21): the plan waits for its answer.
    expect(desk.locator("main")).to_contain_text("en attente de Banque Alimentaire de l'Aude")
    shot(desk, "75-repartition-acceptee")

    # The food bank accepts from "Nos réservations"; its driver then opens the tour on a phone, loads, delivers.
    driver = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}).new_page()
    sign_in(driver, "banque.aude@demo.maillage.fr")
    driver.goto(BASE + "/ressources/reservations")
    request = driver.locator("li:has-text('Tournée')").filter(has_text="de la répartition du").first
    expect(request).to_contain_text("Camion frigorifique")
    shot(driver, "75b-nos-reservations-tournee")
    request.locator("a").first.click()
    driver.locator("li:has-text('Tournée') button:has-text('Accepter')").first.click()
    expect(driver.locator(".notice[role=status]")).to_contain_text("Demande acceptée")
    desk.reload()
    expect(desk.locator("main")).to_contain_text("réservé auprès de Banque Alimentaire de l'Aude")
    driver.goto(BASE + "/dons")
    driver.locator("a:has-text('tournée')").first.click()
    expect(driver.locator(".balance")).to_contain_text("kg chargés")
    shot(driver, "77-feuille-de-route")
    for _ in range(40):
        buttons = driver.locator("button:has-text('Collecté')")
        if buttons.count() == 0:
            break
        buttons.first.click()
        expect(driver.locator(".notice[role=status]")).to_contain_text("Chargement noté")
    driver.locator("button:has-text('Livré')").first.click()
    expect(driver.locator(".notice[role=status]")).to_contain_text("Livraison notée")
    expect(driver.locator(".badge:has-text('Livré')").first).to_be_visible()
    shot(driver, "78-feuille-de-route-livree")

    page.goto(lot_url)
    expect(page.locator("table.chain")).to_contain_text("Déclaré")
    shot(page, "76-lot-tracabilite")

    # A recall of the farm's tomatoes finds who gave and who received them.
    desk.goto(BASE + "/dons/territoires/11/rappels")
    desk.fill("#f-product", "Tomates anciennes")
    desk.fill("#f-reason", "Présence de Salmonella")
    shot(desk, "79-rappel-saisie")
    desk.click("button:has-text('Chercher et prévenir')")
    expect(desk.locator(".notice[role=status]")).to_contain_text("structures prévenues")
    expect(desk.locator("main")).to_contain_text("Les Jardins des Corbières")
    shot(desk, "80-rappel-structures")
