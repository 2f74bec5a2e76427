
from reflect.models import Role
from reflect.services import auth
from tests import factories
from tests.pages.apptest import choose_tab, new_app, open_page, sign_in, texts, widget


def test_my_data_offers_json_and_pdf_downloads(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    at = open_page("sam@example.org", "my_data.py")
    widget(at.button, "Prepare the JSON download").click()
    at.run()
    assert not at.exception
    downloads = [d for d in at.get("download_button")]
    assert downloads and "Download my data (JSON)" in downloads[0].proto.label


def test_erasing_my_account_needs_my_email_and_then_signs_me_out(sqlite_rt):
    org = factories.make_organisation()
    factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    at = open_page("sam@example.org", "my_data.py")
    widget(at.text_input, "Type your e-mail address to confirm").input("not-me@example.org")
    widget(at.button, "Erase my account for good").click()
    at.run()
    assert "doesn't match your account" in at.error[0].value
    widget(at.text_input, "Type your e-mail address to confirm").input("sam@example.org")
    widget(at.button, "Erase my account for good").click()
    at.run()
    assert "have been erased" in texts(at)
    assert [b.label for b in at.get("link_button")] == ["Sign in"]


def test_after_a_reset_the_only_step_is_choosing_a_new_password(sqlite_rt):
    from reflect.services import persons

    org = factories.make_organisation()
    admin = factories.make_person(org, roles=(Role.ADMIN,))
    sam = factories.make_person(org, email="sam@example.org", name="Sam Okafor")
    one_time = persons.reset_password(person_id=sam.person_id, by=admin)
    at = sign_in(new_app(), "sam@example.org", one_time)
    assert at.title[0].value == "Choose a new password"
    for label, value in (("One-time password", one_time), ("New password (at least 10 characters)", "my own new passphrase"), ("New password again", "my own new passphrase")):
        widget(at.text_input, label).input(value)
    widget(at.button, "Save my new password").click()
    at.run()
    # Then their private notes wait, kindly, for their recovery code: an admin's reset never opens them.
    assert at.title[0].value == "Your private notes" and "nothing you wrote is lost" in texts(at)
    widget(at.text_input, "Recovery code").input(factories.RECOVERY_CODE)
    widget(at.text_input, "Your password").input("my own new passphrase")
    widget(at.button, "Unlock my private notes").click()
    at.run()
    widget(at.checkbox, "I have saved my recovery code somewhere safe").check()
    widget(at.button, "Continue").click()
    at.run()
    assert at.title[0].value.startswith("Hello")
    assert auth.sign_in(email="sam@example.org", password="my own new passphrase").actor.own_key is not None


def test_the_readme_my_data_and_the_admin_page_agree_on_what_a_former_supervisor_keeps(sqlite_rt):
    from tests.conftest import CHECKOUT

    org = factories.make_organisation()
    factories.make_person(org, roles=(Role.ADMIN,), email="alex@example.org")
    supervisor = factories.make_person(org, roles=(Role.PRACTITIONER, Role.SUPERVISOR), email="priya@example.org")
    supervisee = factories.make_person(org, email="sam@example.org")
    pair_id = factories.make_pair(supervisor, supervisee)
    readme = " ".join((CHECKOUT / "README.md").read_text().split())
    assert "the supervisor loses access to everything the supervisee shared and to the pair's records" in readme
    assert "in their *My data* download too" in readme
    assert "A former supervisor's download leaves out the records of a pair that has ended" in readme

    at = open_page("priya@example.org", "my_data.py")
    assert "you lose access to its records, here too" in texts(at)
    at = open_page("sam@example.org", "my_data.py")  # not a supervisor: nothing to say
    assert "you lose access to its records" not in texts(at)

    at = open_page("alex@example.org", "admin_people.py")
    choose_tab(at, "admin_section", "Supervision pairs")
    widget(at.selectbox, "Pair to change").set_value(pair_id)
    at.run()
    assert "their own notes and their My data download included" in widget(at.button, "End this pair now").help
