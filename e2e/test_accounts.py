"""Accounts in a real browser with real mail (issue 12): sign up, receive the activation mail from the SMTP server
the test command started (aiosmtpd, Maildir in MAILLAGE_MAILDIR), verify, forget the password, reset it from the
mail, choose notification preferences, accept an invitation. Every page visited is checked with axe-core.
"""
import base64
import email
import mailbox
import os
import re
import time
import uuid

import pytest
from playwright.sync_api import expect

from test_browser import BASE, a11y, browser, go, page, shot, sign_in  # noqa: F401  (fixtures)

MAILDIR = os.environ.get("MAILLAGE_MAILDIR")


def mails_to(address):
    """Text parts of the messages the SMTP server received for `address`."""
    if not MAILDIR or not os.path.isdir(MAILDIR):
        return []
    found = []
    for message in mailbox.Maildir(MAILDIR, factory=None):
        if address not in (message.get("To") or ""):
            continue
        subject = str(email.header.make_header(email.header.decode_header(message.get("Subject", ""))))
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                found.append((subject, part.get_payload(decode=True).decode("utf-8")))
    return found


def wait_for_link(address, subject_part, path_part, timeout=30):
    """The link of the newest mail whose subject contains `subject_part`, once the outbox has sent it."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for subject, text in reversed(mails_to(address)):
            if subject_part in subject:
                match = re.search(r"https?://\S*" + re.escape(path_part) + r"\S*", text)
                if match:
                    return match.group(0)
        time.sleep(0.5)
    raise AssertionError(f"no mail « {subject_part} » to {address} within {timeout} s: {mails_to(address)}")


@pytest.mark.skipif(not MAILDIR, reason="needs the SMTP server that scripts/test starts (MAILLAGE_MAILDIR)")
def test_a_new_volunteer_from_sign_up_to_joining_a_structure(browser):
    address = f"benevole-{uuid.uuid4().hex[:8]}@test.example.org"
    context = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900})
    page = context.new_page()

    # Sign up: the site asks to open the mail.
    page.goto(BASE + "/inscription")
    a11y(page, "inscription")
    page.fill("#f-name", "Léa Bénévole")
    page.fill("#f-email", address)
    page.fill("#f-password", "un-long-mot-de-passe")
    page.fill("#f-password_confirmation", "un-long-mot-de-passe")
    page.click("button:has-text('Créer mon compte')")
    expect(page.locator("h1")).to_have_text("Vérifiez votre boîte mail")
    shot(page, "30-inscription-verifiez")

    # The activation mail arrives; its link activates the account and signs in.
    page.goto(wait_for_link(address, "Activez votre compte", "/compte/activation"))
    shot(page, "31-activation")
    page.click("button:has-text('Activer mon compte')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Votre adresse est vérifiée")
    shot(page, "32-compte-active")

    # Forgotten password: the reset mail, a new password, signing in with it.
    go(page, "mon-espace", "Se déconnecter")
    page.goto(BASE + "/connexion")
    page.click("text=Mot de passe oublié ?")
    a11y(page, "mot-de-passe-oublie")
    page.fill("#f-email", address)
    page.click("button:has-text('Recevoir le lien')")
    expect(page.locator(".notice")).to_contain_text("Si un compte existe")
    page.goto(wait_for_link(address, "Nouveau mot de passe", "/mot-de-passe/nouveau"))
    shot(page, "33-nouveau-mot-de-passe")
    page.fill("#f-password", "encore-un-autre-mot-9")
    page.fill("#f-password_confirmation", "encore-un-autre-mot-9")
    page.click("button:has-text('Enregistrer le mot de passe')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Votre mot de passe est changé")
    sign_in(page, address, "encore-un-autre-mot-9")

    # Notification preferences.
    page.goto(BASE + "/compte/parametres")
    shot(page, "34-parametres")
    page.select_option("#f-canal_structure-decision", "resume")
    page.click("button:has-text('Enregistrer mes préférences')")
    expect(page.locator(".notice[role=status]")).to_contain_text("préférences de notification sont enregistrées")

    # A referent invites her; she accepts from her account.
    referent = browser.new_context(locale="fr-FR", viewport={"width": 1200, "height": 900}).new_page()
    sign_in(referent, "epicerie.narbonne@demo.maillage.fr")
    referent.goto(BASE + "/annuaire?q=passerelle")
    referent.click("text=Épicerie solidaire La Passerelle")
    referent.click("text=Membres")
    a11y(referent, "membres")
    referent.fill("#f-email", address)
    referent.get_by_role("button", name="Envoyer l'invitation").click()
    expect(referent.locator(".notice[role=status]")).to_contain_text("Invitation envoyée")
    wait_for_link(address, "Invitation à rejoindre", "/compte")
    page.goto(BASE + "/mon-espace")
    shot(page, "35-mon-espace")
    page.goto(BASE + "/compte")
    expect(page.locator("#invitations")).to_be_visible()
    shot(page, "36-invitation")
    page.click("button:has-text('Accepter')")
    expect(page.locator(".notice[role=status]")).to_contain_text("Vous faites maintenant partie")
    expect(page.locator("h1")).to_have_text("Épicerie solidaire La Passerelle")
    shot(page, "37-membre")
    context.close()
