"""Shared resources (issue 14) at phone width: a volunteer finds a refrigerated van near Narbonne free on Thursday,
asks for it; the food bank accepts; the calendar shows it; the van breaks down and the booking is cancelled with
the reason, which the volunteer reads. Every page is screenshot and checked by axe-core (`shot`).
"""
import datetime

from playwright.sync_api import expect

from test_browser import BASE, browser, page, shot, sign_in  # noqa: F401  (fixtures)

VAN = "Camion frigorifique 20 m³"


def next_thursday():
    # Ten days ahead at least: the demo's own bookings of the van fill the days from a week ahead to four days later,
    # and a Thursday among them could be taken already, depending on the day the tests run.
    day = datetime.date.today() + datetime.timedelta(days=10)
    while day.weekday() != 3:
        day += datetime.timedelta(days=1)
    return day.isoformat()


def test_a_food_bank_lends_its_van_and_a_breakdown_cancels_with_the_reason(browser):
    day = next_thursday()
    asker = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    page = asker.new_page()
    sign_in(page, "epicerie.narbonne@demo.maillage.fr")
    page.goto(BASE + "/ressources")
    page.select_option("#f-type", "van")
    page.fill("#f-pres", "Narbonne")
    page.fill("#f-du", f"{day}T14:00")
    page.fill("#f-au", f"{day}T17:00")
    page.check("#f-froid")
    page.click("button:has-text('Chercher')")
    expect(page.locator(".results")).to_contain_text(VAN)
    expect(page.locator(".results")).to_contain_text("Libre sur ce créneau")
    shot(page, "60-ressources-camion-libre")

    page.click(f"text={VAN}")
    expect(page.locator("#f-start")).to_have_value(f"{day}T14:00")
    page.fill("#f-purpose", "Ramasse des invendus de la plateforme de Narbonne")
    shot(page, "61-ressource-demande")
    page.click("button:has-text('Envoyer la demande')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Demande envoyée")

    owner = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    desk = owner.new_page()
    sign_in(desk, "banque.aude@demo.maillage.fr")
    desk.goto(page.url.split("#")[0].split("?")[0])
    card = desk.locator("li.card:has-text('Ramasse des invendus de la plateforme')")
    expect(card).to_be_visible()
    shot(desk, "62-ressource-demande-recue")
    card.locator("button:has-text('Accepter')").click()
    expect(desk.locator(".notice[role=status]")).to_contain_text("Demande acceptée")
    expect(desk.locator("table.bookings")).to_contain_text("Épicerie solidaire La Passerelle")
    shot(desk, "63-ressource-calendrier")
    desk.click("nav.view-switch >> text=Mois")
    expect(desk.locator("table.month-grid")).to_be_visible()
    shot(desk, "63b-ressource-mois")
    desk.click("text=Modifier la ressource, ses horaires et ses fermetures")
    expect(desk.locator("#f-jour1")).to_be_checked()
    shot(desk, "63c-ressource-modifier")
    desk.go_back()
    desk.go_back()

    desk.fill("#f-du", f"{day}T08:00")
    desk.fill("#f-au", f"{day}T18:00")
    desk.fill("#f-motif", "Compresseur du groupe froid en panne")
    desk.click("button:has-text('Mettre hors service')")
    expect(desk.locator(".notice[role=status]")).to_contain_text("hors service")
    expect(desk.locator("table.bookings")).to_contain_text("Hors service : Compresseur du groupe froid en panne")
    shot(desk, "64-ressource-hors-service")
    owner.close()

    page.goto(BASE + "/notifications")
    expect(page.locator("main")).to_contain_text("Compresseur du groupe froid en panne")
    shot(page, "65-notification-annulation")
    page.goto(BASE + "/ressources/reservations")
    expect(page.locator("main")).to_contain_text("Hors service : Compresseur du groupe froid en panne")
    shot(page, "66-nos-reservations")
    page.goto(BASE + "/ressources/utilisation?territoire=11")
    expect(page.locator("table")).to_contain_text(VAN)
    shot(page, "67-utilisation-du-territoire")
    asker.close()
