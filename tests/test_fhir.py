"""`export --format fhir`: a FHIR R4 bundle a clinic's system takes, checked with the
fhir.resources models, for empty, one-record and large diaries."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from crackcoach.diary.records import DiaryEntry, SessionRecord
from crackcoach.store import open_store

bundle_model = pytest.importorskip("fhir.resources.R4B.bundle")

ZONE = timezone(timedelta(hours=2))
T0 = datetime(2026, 11, 2, 8, 30, tzinfo=ZONE)


def exported(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("export", "--format", "fhir", *args)
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    bundle_model.Bundle.model_validate(document)  # raises when it is not a valid bundle
    assert document["resourceType"] == "Bundle" and document["type"] == "collection"
    return document


def resources(document: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in document["entry"] if e["resource"]["resourceType"] == kind]


def session(n: int, outcome: str, done: tuple[str, ...] = ("warm-up",), **more: Any
            ) -> SessionRecord:
    start = T0 + timedelta(days=n)
    return SessionRecord("back-reset", start, start + timedelta(minutes=10), 600.0, 600.0, 0.0,
                         done, (), outcome, id=n, **more)  # type: ignore[arg-type]


def test_an_empty_diary_is_a_bundle_with_only_an_anonymous_patient(cli: Any,
                                                                    home: Path) -> None:
    document = exported(cli)
    assert [e["resource"] for e in document["entry"]] == [{"resourceType": "Patient"}]
    assert not (home / "crackcoach.db").exists()


def test_one_reading_is_one_observation_with_loinc_and_its_offset(cli: Any, home: Path) -> None:
    with open_store(home / "crackcoach.db") as s:
        s.add_entry(DiaryEntry(T0, discomfort=4))
    document = exported(cli)
    (observation,) = resources(document, "Observation")
    assert observation["code"]["coding"][0]["system"] == "http://loinc.org"
    assert observation["code"]["coding"][0]["code"] == "72514-3"
    assert observation["valueInteger"] == 4
    assert observation["effectiveDateTime"] == "2026-11-02T08:30:00+02:00"
    (patient,) = resources(document, "Patient")
    assert observation["subject"]["reference"] == document["entry"][0]["fullUrl"]
    assert "name" not in patient and "identifier" not in patient


def test_every_reading_session_rating_and_sign_is_carried(cli: Any, home: Path) -> None:
    with open_store(home / "crackcoach.db") as s:
        activity = s.add_activity("tie my shoes", T0)
        s.import_records([session(1, "completed"),
                          session(2, "stopped", stopped_step="cat-cow"),
                          session(3, "quit", done=())], [])
        s.add_entry(DiaryEntry(T0 + timedelta(days=1, minutes=11), discomfort=3, stiffness=2,
                               discomfort_before=5, session_id=1,
                               activities=((activity.id, 6),)))
        s.add_entry(DiaryEntry(T0 + timedelta(days=2, minutes=5),
                               flags=("sharp-pain",), session_id=2))
    document = exported(cli, "--patient-name", "Ada Example")
    procedures = resources(document, "Procedure")
    assert [p["status"] for p in procedures] == ["completed", "stopped", "not-done"]
    assert procedures[0]["code"]["text"] == "Back reset"  # the routine's title
    assert procedures[0]["performedPeriod"] == {"start": "2026-11-03T08:30:00+02:00",
                                                "end": "2026-11-03T08:40:00+02:00"}
    assert procedures[1]["note"] == [{"text": "Stopped during the step 'cat-cow' because it "
                                              "hurt."}]
    observations = resources(document, "Observation")
    values = [(o["code"]["coding"][0]["code"], o.get("valueInteger"),
               o.get("valueCodeableConcept", {}).get("coding", [{}])[0].get("code"))
              for o in observations]
    assert values == [("72514-3", 5, None), ("72514-3", 3, None), ("stiffness", 2, None),
                      ("activity-rating", 6, None),
                      ("safety-sign", None, "sharp-pain")]
    assert observations[0]["effectiveDateTime"] == "2026-11-03T08:30:00+02:00"  # before it
    assert observations[3]["code"]["text"] == "Activity: tie my shoes"
    session_url = document["entry"][1]["fullUrl"]
    assert observations[1]["partOf"] == [{"reference": session_url}]
    (patient,) = resources(document, "Patient")
    assert patient["name"] == [{"text": "Ada Example"}]


def test_patient_name_is_only_for_fhir(cli: Any) -> None:
    result = cli("export", "--format", "json", "--patient-name", "Ada")
    assert result.exit_code == 2 and "--patient-name is for --format fhir" in result.stderr


@pytest.mark.slow
def test_ten_thousand_records_stream_into_a_valid_bundle(cli: Any, home: Path,
                                                         tmp_path: Path) -> None:
    entries = [DiaryEntry(T0 + timedelta(hours=n), discomfort=n % 11, stiffness=(n + 3) % 11)
               for n in range(5000)]
    sessions = [session(n + 1, "completed") for n in range(5000)]
    with open_store(home / "crackcoach.db") as s:
        s.import_records(sessions, entries)
    target = tmp_path / "bundle.json"
    assert cli("export", "--format", "fhir", "-o", str(target)).exit_code == 0
    document = json.loads(target.read_text())
    bundle_model.Bundle.model_validate(document)
    assert len(resources(document, "Procedure")) == 5000
    observations = resources(document, "Observation")
    assert len(observations) == 10_000
    assert sum(o["valueInteger"] for o in observations) == sum(
        e.discomfort + e.stiffness for e in entries)  # type: ignore[operator]
    assert len({e["fullUrl"] for e in document["entry"]}) == len(document["entry"])
