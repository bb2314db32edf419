"""Users, role bindings and login."""

import pytest
from argon2 import PasswordHasher

from data.reporting import (
    PermissionDenied,
    ValidationError,
    add_user,
    auth,
    local_operator,
    set_active,
    set_password,
    submit,
    users_frame,
    verify,
)
from data.reporting.audit import audit_frame
from tests.reporting.conftest import PASSWORD, REAL_HASHER


def test_default_hasher_is_argon2id_with_recommended_parameters():
    real = REAL_HASHER
    h = real.hash("x" * 12)
    assert h.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert real.verify(h, "x" * 12)


def test_login(session, people):
    assert verify(session, "sijing", PASSWORD) == people.sijing
    assert verify(session, "sijing", PASSWORD + "x") is None
    assert verify(session, "nobody", PASSWORD) is None
    assert verify(session, "sijing", "") is None
    stored = users_frame(session)
    assert "password_hash" not in stored.columns
    assert set(stored["name"]) == {"admin", "sijing", "chedun", "songjiang_editor", "songjiang", "jiading", "viewer"}


def test_password_is_hashed_and_rehashed_when_parameters_rise(session, people, monkeypatch):
    h = session.execute(auth.users.select().where(auth.users.c.name == "sijing")).one().password_hash
    assert h.startswith("$argon2id$") and PASSWORD not in h
    monkeypatch.setattr(auth, "HASHER", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert verify(session, "sijing", PASSWORD) is not None
    h2 = session.execute(auth.users.select().where(auth.users.c.name == "sijing")).one().password_hash
    assert "m=2048,t=2" in h2 and "m=1024,t=1" in h


@pytest.mark.parametrize(
    "role,area,message",
    [
        ("town_editor", None, "a town_editor needs --area: a 9-digit town code or a district code"),
        (
            "town_editor",
            "310000",
            "a town_editor needs --area: a 9-digit town code or a district code, not a city code",
        ),
        ("town_editor", "310117999", "'310117999' is not an area code in the gazetteer"),
        ("district_reviewer", None, "a district_reviewer needs --area: a district code"),
        ("district_reviewer", "310117102", "a district_reviewer needs --area: a district code, not a town code"),
        ("viewer", "310117", "a viewer is not bound to an area; leave out --area"),
        ("chief", None, "'chief' is not one of viewer, town_editor, district_reviewer, admin"),
    ],
)
def test_role_bindings_are_checked(session, role, area, message):
    with pytest.raises(ValidationError) as e:
        add_user(session, local_operator("t"), "x", role, PASSWORD, area)
    assert str(e.value).endswith(message)
    assert users_frame(session).empty


def test_only_admins_manage_users(session, people):
    for who in (people.sijing, people.songjiang, people.viewer):
        with pytest.raises(PermissionDenied):
            add_user(session, who, "mallory", "admin", PASSWORD)
        with pytest.raises(PermissionDenied):
            set_password(session, who, "admin", "new password 1")
    add_user(session, people.admin, "new-editor", "town_editor", PASSWORD, "310117104")
    set_password(session, people.sijing, "sijing", "my new password")  # one's own password
    assert verify(session, "sijing", "my new password") is not None
    with pytest.raises(ValidationError, match="at least 8"):
        add_user(session, people.admin, "short", "viewer", "1234")


def test_deactivated_user_can_neither_log_in_nor_write(session, people):
    set_active(session, people.admin, "sijing", False, "left the post")
    assert verify(session, "sijing", PASSWORD) is None
    with pytest.raises(PermissionDenied, match="not an active user"):
        submit(session, people.sijing, "000-T046", "310117102", 2024, 1, "千亩")
    log = audit_frame(session)
    assert log.iloc[-1][["action", "reason"]].tolist() == ["deactivate", "left the post"]


def test_a_hand_made_actor_gets_the_role_the_database_gives(session, people):
    forged = auth.Actor(people.viewer.id, "viewer", "town_editor", "310117102")
    with pytest.raises(PermissionDenied, match="only town editors"):
        submit(session, forged, "000-T002", "310117102", 2024, 1, "万千瓦")
    with pytest.raises(PermissionDenied):
        submit(session, auth.Actor(None, "admin", "admin", None), "000-T002", "310117102", 2024, 1, "万千瓦")
