"""The directory's first week (issue 13), in Chromium at desktop width and at 390 px: a volunteer looks for food
banks near Narbonne, finds them on the map, reads the fiche's hours in French and writes to the structure; a
person asks to join a structure and its referent accepts; an animator merges two fiches after seeing them side by
side, then undoes it. Every page visited is screenshot, checked for sideways scroll and by axe-core (`shot`).
"""
import re

from playwright.sync_api import expect

from test_browser import BASE, SHOTS, browser, page, shot, sign_in  # noqa: F401  (fixtures)


def interactive(page):
    """Whether the server serves Leaflet (Debian's libjs-leaflet): then the maps must be interactive."""
    return page.evaluate("!!window.L")


def test_volunteer_finds_food_banks_near_narbonne_on_the_map_and_writes_to_one(page):
    page.goto(BASE + "/annuaire")
    page.fill("#f-q", "banques alimentaires")
    page.fill("#f-near", "Narbonne")
    page.click("button:has-text('Rechercher')")
    expect(page.locator(".results")).to_contain_text("Banque Alimentaire de l'Aude")
    shot(page, "40-annuaire-banques-alimentaires")

    # On a phone, the first result shows without scrolling.
    page.set_viewport_size({"width": 390, "height": 844})
    first = page.locator(".results li").first
    assert first.bounding_box()["y"] < 844, "the first result is below the fold at 390 px"
    page.set_viewport_size({"width": 1200, "height": 900})

    # The whole map of the territory groups close structures; a group opens a closer view.
    page.goto(BASE + "/carte")
    if interactive(page):
        expect(page.locator(".map-panel.is-interactive .leaflet-container")).to_be_visible()
        cluster = page.locator(".marker-cluster").first
        expect(cluster).to_be_visible()
        zoom = page.evaluate("document.querySelector('.leaflet-container') && document.querySelector('.leaflet-proxy').style.transform")
        cluster.click()
        page.wait_for_timeout(800)
        assert page.evaluate("document.querySelector('.leaflet-proxy').style.transform") != zoom, "the group did not zoom in"
        expect(page.locator(".map-list")).to_contain_text("dans cette zone")
    else:
        expect(page.locator("svg.map a.cluster").first).to_be_attached()
    shot(page, "41-carte-groupes")

    # The search's map: the food banks near Narbonne, with their popup and the list beside the map.
    page.goto(BASE + "/carte?q=banques+alimentaires&near=Narbonne")
    if interactive(page):
        expect(page.locator(".map-list")).to_contain_text("Banque Alimentaire de l'Aude")
        pin = page.locator(".leaflet-marker-icon[title=\"Banque Alimentaire de l'Aude\"]")
        if pin.count() == 0:  # inside a group: open it first
            page.locator(".marker-cluster").first.click()
            page.wait_for_timeout(800)
        pin.first.click()
        popup = page.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("Aide alimentaire")
        page.wait_for_timeout(400)  # the popup fades in
        shot(page, "42-carte-banques-alimentaires-popup")
        popup.locator("a").click()
    else:
        page.locator("svg.map a[href^='/structures/']").first.click()
    expect(page.locator("h1")).to_have_text("Banque Alimentaire de l'Aude")

    # The fiche says its hours in French, and whether it is open now.
    expect(page.locator("body")).to_contain_text("Du lundi au vendredi")
    expect(page.locator(".hours-status, .badge").first).to_be_visible()
    assert not re.search(r"\b(Mo|Tu|We|Th|Fr)\b[-,]", page.locator("main").inner_text()), "OSM syntax shown raw"
    shot(page, "43-fiche-horaires")

    # A visitor writes without seeing the address.
    page.click("text=Écrire à cette structure")
    expect(page.locator("h1")).to_contain_text("Écrire")
    page.check("#f-destinataire-0")
    page.fill("#f-nom", "Jeanne Bénévole")
    page.fill("#f-courriel", "jeanne.benevole@example.org")
    page.fill("#f-message", "Bonjour, notre épicerie de Narbonne pourrait récupérer vos surplus de fruits le mardi. Pouvons-nous en parler ?")
    shot(page, "44-contact")
    page.click("button:has-text('Envoyer le message')")
    expect(page.locator(".notice[role=status]")).to_contain_text("envoyé")
    shot(page, "45-contact-envoye")


def test_map_without_javascript_has_groups_zoom_and_pan_links(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(BASE + "/carte")
    groups = page.locator("svg.map a.cluster")
    expect(groups.first).to_be_attached()
    box = page.locator("svg.map a.cluster circle").first.bounding_box()
    assert box["width"] >= 24, f"a group is {box['width']} px wide at 390 px"
    page.click("text=+ Zoomer")
    assert "vue=" in page.url
    expect(page.locator(".map-nav")).to_contain_text("Tout voir")
    page.click("text=→ Est")
    assert "vue=" in page.url
    # axe-core and the sideways-scroll check run scripts: here, only the picture (the page is checked with scripts above).
    page.screenshot(path=str(SHOTS / "46-carte-sans-javascript-390.png"), full_page=True)
    context.close()


def test_a_person_asks_to_join_and_the_referent_accepts(browser):
    asker = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = asker.new_page()
    sign_in(page, "ccas.beziers@demo.maillage.fr")
    page.goto(BASE + "/annuaire?q=La+Passerelle")
    page.click("text=Épicerie solidaire La Passerelle")
    page.click("text=Demander à rejoindre")
    page.fill("#f-message", "Je coordonne les bénévoles du mardi avec vous.")
    shot(page, "47-demande-rejoindre")
    page.click("button:has-text('Envoyer la demande')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Demande envoyée")
    asker.close()

    referent = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = referent.new_page()
    sign_in(page, "epicerie.narbonne@demo.maillage.fr")
    page.goto(BASE + "/annuaire?q=La+Passerelle")
    page.click("text=Épicerie solidaire La Passerelle")
    page.click("text=Membres")
    request = page.locator("li:has-text('Je coordonne les bénévoles du mardi'), tr:has-text('Je coordonne les bénévoles du mardi'), article:has-text('Je coordonne les bénévoles du mardi')").first
    expect(request).to_be_visible()
    shot(page, "48-demande-recue")
    request.locator("button:has-text('Accepter')").click()
    expect(page.locator(".notice[role=status]")).to_contain_text("a rejoint la structure")
    shot(page, "49-demande-acceptee")
    referent.close()


def test_an_animator_merges_two_fiches_after_comparing_them_and_undoes_it(page):
    sign_in(page, "animatrice@demo.maillage.fr")
    page.goto(BASE + "/animation/doublons")
    shot(page, "50-doublons")
    compare = page.locator("a:has-text('Comparer et garder')").first
    expect(compare).to_be_visible()
    compare.click()
    expect(page.locator("h1")).to_contain_text("Fusionner")
    expect(page.locator("th:has-text('Après la fusion')")).to_be_visible()
    shot(page, "51-fusion-comparaison")
    page.click("button:has-text('Fusionner')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Fusion faite")
    shot(page, "52-fusion-faite")
    page.goto(BASE + "/animation/doublons")
    page.once("dialog", lambda dialog: dialog.accept())  # "Séparer de nouveau ces deux fiches ?"
    page.locator("button:has-text('Annuler la fusion')").first.click()
    expect(page.locator(".notice[role=status]")).to_contain_text("Fusion annulée")
    shot(page, "53-fusion-annulee")
