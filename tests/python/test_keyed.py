"""The keyed chain (README, "Threat model") through the Python API: Engine.with_chain_key,
verify, archive, verify_archive. A keyed engine refuses, as a result with index and kind, a
history rewritten and re-hashed with the public compute_hash, a missing, wrong or foreign
tag, a truncated and re-counted archive; unkeyed verification is unchanged; the key never
appears in an output, an error, a repr or a pickle."""
from __future__ import annotations

import copy
import json
import pickle

import pytest
from conftest import ROOT
from ticket_scenarios import CC, LEAD_ACTOR, STREET_LIGHTS, t

import jiesu

SECRET = b"SeCrEt-7f3a9c1e-county-anchor"
OTHER = b"another-secret-of-32-bytes-long!"
FIXTURE = json.loads((ROOT / "tests/data/keyed/forgeries.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plain():
    return jiesu.Engine.default()


@pytest.fixture(scope="module")
def keyed(plain):
    return plain.with_chain_key("2026-a", SECRET)


def archived(eng, id="YS-PK1"):
    steps = [
        (CC, {"type": "register", "id": id, "appeal_type": "complaint", "content": "路灯坏了",
              "requester": {"name": "张三丰", "phone": "13812345678"}}, "2026-03-02 09:00"),
        (CC, {"type": "dispatch", "decision": {"category": STREET_LIGHTS}}, "2026-03-02 09:10"),
        (LEAD_ACTOR, {"type": "acknowledge"}, "2026-03-02 09:20"),
        (LEAD_ACTOR, {"type": "contact_requester", "note": "已联系"}, "2026-03-02 09:30"),
        (LEAD_ACTOR, {"type": "submit_report", "report": {"result": "已修复", "answered_at": "2026-03-03T09:00:00+08:00",
                                                          "evidence": ["p.jpg"], "approved_by": "王局长", "solved": True}},
         "2026-03-03 10:00"),
        (CC, {"type": "review_report", "accept": True}, "2026-03-03 11:00"),
        (CC, {"type": "record_callback", "outcome": "satisfied", "solved": True}, "2026-03-04 09:00"),
        (CC, {"type": "close"}, "2026-03-04 09:10"),
        (CC, {"type": "archive"}, "2026-03-04 09:20"),
    ]
    events: list[dict] = []
    for actor, command, at in steps:
        events += eng.handle(events, actor, command, t(at))
    return events


def rechain(events):
    """What a forger with the public compute_hash does after editing: a valid public chain."""
    prev = "0" * 64
    for i, e in enumerate(events):
        e["seq"], e["prev_hash"] = i + 1, prev
        e["hash"] = jiesu.compute_hash(e)
        prev = e["hash"]
    return events


def problem(v):
    assert v["intact"] is False, v
    return v["problem"]["index"], v["problem"]["kind"]


def test_a_keyed_engine_tags_its_events_and_accepts_its_untouched_history(keyed, plain):
    events = archived(keyed)
    assert all(e["tag"]["alg"] == "hmac-sha256" and e["tag"]["key_id"] == "2026-a" and len(e["tag"]["mac"]) == 64 for e in events)
    assert all(jiesu.compute_hash(e) == e["hash"] for e in events)
    assert keyed.verify(events) == {"intact": True, "events": len(events), "problem": None}
    assert keyed.verify(json.loads(json.dumps(events)))["intact"]
    archive = keyed.archive(events)
    assert archive["tag"]["key_id"] == "2026-a"
    assert keyed.verify_archive(archive)["intact"] and keyed.verify_archive(json.dumps(archive))["intact"]
    assert jiesu.verify_archive(archive)["intact"]
    # The same commands unkeyed: the same hashes, no tags.
    unkeyed = archived(plain)
    assert [e["hash"] for e in unkeyed] == [e["hash"] for e in events]
    assert all("tag" not in e for e in unkeyed) and "tag" not in plain.archive(unkeyed)


def test_a_rewritten_re_hashed_history_is_refused_by_the_keyed_engine_only(keyed, plain):
    events = archived(keyed)
    forged = copy.deepcopy(events)
    forged[4]["report"]["result"] = "未处理"
    rechain(forged)
    assert plain.verify(forged)["intact"], "the public chain cannot tell"
    v = keyed.verify(forged)
    assert problem(v) == (4, "tag_invalid")
    assert v["events"] == len(events)


def test_missing_wrong_and_foreign_tags(keyed, plain):
    events = archived(keyed)
    missing = copy.deepcopy(events)
    del missing[2]["tag"]
    assert problem(keyed.verify(missing)) == (2, "tag_missing")
    assert plain.verify(missing)["intact"]
    wrong = copy.deepcopy(events)
    mac = wrong[5]["tag"]["mac"]
    wrong[5]["tag"]["mac"] = ("1" if mac[0] == "0" else "0") + mac[1:]
    assert problem(keyed.verify(wrong)) == (5, "tag_invalid")
    impostor = plain.with_chain_key("2026-a", OTHER)
    assert problem(keyed.verify(archived(impostor))) == (0, "tag_invalid")
    stranger = plain.with_chain_key("stranger", OTHER)
    assert problem(keyed.verify(archived(stranger))) == (0, "tag_unknown_key")
    assert problem(keyed.verify(archived(plain))) == (0, "tag_missing")


def test_a_keyed_archive_refuses_truncation_and_a_missing_tag(keyed):
    archive = keyed.archive(archived(keyed))
    n = len(archive["events"])
    cut = copy.deepcopy(archive)
    cut["events"] = cut["events"][:-2]
    cut["event_count"], cut["final_hash"] = n - 2, cut["events"][-1]["hash"]
    assert jiesu.verify_archive(cut)["intact"]
    assert problem(keyed.verify_archive(cut)) == (n - 2, "tag_invalid")
    untagged = {k: v for k, v in archive.items() if k != "tag"}
    assert problem(keyed.verify_archive(untagged)) == (n, "tag_missing")


@pytest.mark.parametrize("name", ["honest", "archive", "rehashed", "untagged", "wrong_tag", "other_key", "unknown_key",
                                  "unkeyed", "cut_archive", "untagged_archive"])
def test_the_shared_fixture_verifies_as_in_the_core(keyed, name):
    assert FIXTURE["secret"].encode() == SECRET
    doc = FIXTURE[name]
    v = keyed.verify_archive(doc) if "archive" in name else keyed.verify(doc)
    want = json.loads(FIXTURE[f"{name}_verification"])
    assert v == {**want, "problem": want.get("problem")}


def test_rotation(keyed):
    events = archived(keyed)[:4]
    rotated = keyed.with_chain_key("2026-b", OTHER)
    assert rotated.chain_key_id == "2026-b"
    events += rotated.handle(events, LEAD_ACTOR, {"type": "add_progress", "note": "处理中"}, t("2026-03-02 10:00"))
    assert events[-1]["tag"]["key_id"] == "2026-b"
    assert rotated.verify(events)["intact"]
    assert problem(keyed.verify(events)) == (4, "tag_unknown_key")
    from_config = jiesu.Engine({"schema_version": 1, "chain_keys": [{"id": "2026-a", "secret": SECRET.decode()},
                                                                    {"id": "2026-b", "secret": OTHER.decode()}]})
    assert from_config == rotated and from_config.chain_key_id == "2026-b"


def test_bad_keys_are_refused_without_echoing_them(plain, keyed):
    with pytest.raises(jiesu.InvalidInput, match=r"field secret") as e:
        plain.with_chain_key("k", b"short-secret")
    assert "short-secret" not in str(e.value) and "short-secret" not in repr(e.value)
    with pytest.raises(jiesu.InvalidInput, match=r"field key_id"):
        plain.with_chain_key("a key", SECRET)
    with pytest.raises(jiesu.ValidationError, match=r"chain_keys\[1\]\.id") as e:
        keyed.with_chain_key("2026-a", OTHER)
    assert OTHER.decode() not in str(e.value)
    with pytest.raises(TypeError):
        plain.with_chain_key("k", SECRET.decode())  # type: ignore[arg-type]
    with pytest.raises(jiesu.ValidationError) as e:
        jiesu.Engine({"schema_version": 1, "chain_keys": [{"id": "k", "secret": "tiny-secret-x"}]})
    assert "tiny-secret-x" not in str(e.value)
    with pytest.raises(jiesu.ParseError) as e:
        jiesu.Engine({"schema_version": 1, "chain_keys": [{"id": "k", "secret": 918273645546372819}]})
    assert "918273645546372819" not in str(e.value)


def test_the_key_never_appears_in_outputs_errors_repr_or_pickles(keyed):
    events = archived(keyed)
    forged = copy.deepcopy(events)
    del forged[1]["tag"]
    hex_secret = SECRET.hex()
    with pytest.raises(jiesu.InvalidTransition) as refused:
        keyed.handle(events, CC, {"type": "close"}, t("2026-03-05 00:00"))
    outputs = [
        json.dumps(events, ensure_ascii=False),
        json.dumps(keyed.archive(events), ensure_ascii=False),
        repr(keyed.state(events, t("2026-03-05 00:00"))),
        repr(keyed.verify(forged)),
        json.dumps(keyed.config, ensure_ascii=False, default=str),
        repr(keyed),
        str(refused.value),
    ]
    for o in outputs:
        assert SECRET.decode() not in o and hex_secret not in o, o
    assert "chain_keys" not in keyed.config
    assert "chain_key='2026-a'" in repr(keyed) or 'chain_key="2026-a"' in repr(keyed)
    with pytest.raises(TypeError, match="keyed engine is not pickled"):
        pickle.dumps(keyed)
    # An unkeyed engine still pickles.
    assert pickle.loads(pickle.dumps(jiesu.Engine.default())) == jiesu.Engine.default()


SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")  # RFC 8032 TEST 1
PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")


def test_ed25519_signs_and_the_public_key_alone_verifies(plain):
    signer = plain.with_chain_key("sig-1", SEED, kind="ed25519")
    verifier = plain.with_chain_key("sig-1", PUBLIC, kind="ed25519-public")
    assert (signer.chain_key_id, verifier.chain_key_id) == ("sig-1", None)
    events = archived(signer)
    assert all(e["tag"]["alg"] == "ed25519" and len(e["tag"]["mac"]) == 128 for e in events)
    assert verifier.verify(events)["intact"] and verifier.verify_archive(signer.archive(events))["intact"]
    forged = copy.deepcopy(events)
    forged[4]["report"]["result"] = "未处理"
    assert problem(verifier.verify(rechain(forged))) == (4, "tag_invalid")
    assert all("tag" not in e for e in archived(verifier)), "a public key does not tag"
    # The same keys from the configuration (hex).
    from_config = jiesu.Engine({"schema_version": 1, "chain_keys": [{"id": "sig-1", "ed25519_public": PUBLIC.hex()}]})
    assert from_config == verifier
    assert SEED.hex() not in repr(signer) + json.dumps(signer.config) + json.dumps(events, ensure_ascii=False)
    with pytest.raises(jiesu.InvalidInput, match="field kind"):
        plain.with_chain_key("k", SEED, kind="rsa")  # type: ignore[arg-type]
    with pytest.raises(jiesu.InvalidInput, match="field ed25519_seed"):
        plain.with_chain_key("k", SEED[:31], kind="ed25519")
    with pytest.raises(TypeError, match="keyed engine is not pickled"):
        pickle.dumps(verifier)
