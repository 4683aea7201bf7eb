"""The diary as a FHIR R4 Bundle (type ``collection``), for a clinic's own system.

Each reading becomes an Observation: discomfort with LOINC 72514-3 (pain
severity, 0-10 verbal numeric rating), stiffness and each activity rating with
crackcoach's own code system (:data:`CODE_SYSTEM`, explained in docs/data.md),
each safety sign with the sign as its value. Each session becomes a Procedure:
``completed``, ``stopped`` (ended early, or stopped because it hurt) or
``not-done`` (nothing of it was done), with the routine's title, the period it
ran and, when it was stopped because it hurt, a note naming the step. Readings
logged with a session point at its Procedure (``partOf``).

Every resource refers to one Patient resource, which holds no name and no
identifier unless a name is given. Resource ids are derived from the diary's
ids, so the same diary gives the same file. Written as a stream, a resource at
a time: memory stays small whatever the size of the diary.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timedelta

from crackcoach.base.typenames import TYPE_CHECKING, NamedTuple
from crackcoach.diary.activities import Activity
from crackcoach.diary.records import DiaryEntry, SessionRecord

if TYPE_CHECKING:
    from typing import Any, TextIO

CODE_SYSTEM = "https://github.com/crackcoach/crackcoach/blob/main/docs/data.md#fhir-codes"
LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY = {"coding": [{
    "system": "http://terminology.hl7.org/CodeSystem/observation-category",
    "code": "survey", "display": "Survey"}]}
# The project's codes: what each means is in docs/data.md ("FHIR codes").
CODES = {
    "stiffness": "Stiffness, 0-10 (0 = none, 10 = worst imaginable)",
    "activity-rating": "Patient-specific functional scale: one activity, 0-10 "
                       "(0 = unable, 10 = as well as before the problem)",
    "safety-sign": "Safety sign reported in the comfort diary",
    "stretching-session": "Guided stretching and mobility session",
}
_NAMESPACE = uuid.UUID("5b0c5a8e-94a2-4b33-9a53-6f3e8c0f7a10")
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


class Written(NamedTuple):
    """How many resources of each kind the bundle holds."""

    observations: int
    procedures: int


def fhir_time(moment: datetime) -> str:
    """A FHIR dateTime with the offset the record was made in (to the minute, as FHIR has it)."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = round(offset.total_seconds() / 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    local = moment.replace(tzinfo=None).isoformat(timespec="milliseconds"
                                                  if moment.microsecond else "seconds")
    return f"{local}{sign}{hours:02d}:{rest:02d}"


def _uuid(kind: str, key: object) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}:{key}')}"


def _coding(code: str) -> dict[str, Any]:
    return {"coding": [{"system": CODE_SYSTEM, "code": code, "display": CODES[code]}],
            "text": CODES[code]}


def procedure_status(session: SessionRecord) -> str:
    """``completed``, ``stopped`` or ``not-done``, from how the session ended."""
    if session.outcome == "completed":
        return "completed"
    return "stopped" if session.steps_completed or session.stopped_step else "not-done"


def session_resource(session: SessionRecord, patient: str, title: str) -> dict[str, Any]:
    """A session as a Procedure."""
    resource: dict[str, Any] = {
        "resourceType": "Procedure", "status": procedure_status(session),
        "code": {**_coding("stretching-session"), "text": title},
        "subject": {"reference": patient},
        "performedPeriod": {"start": fhir_time(session.started_at),
                            "end": fhir_time(session.ended_at)},
    }
    notes = []
    if session.outcome == "stopped":
        where = f" during the step '{session.stopped_step}'" if session.stopped_step else ""
        notes.append(f"Stopped{where} because it hurt.")
    elif session.outcome != "completed":
        notes.append(f"Ended early ({session.outcome}) after {session.actual_seconds / 60:.0f} "
                     f"of {session.planned_seconds / 60:.0f} planned minutes.")
    if session.recorded_afterwards:
        notes.append("Done away from the keyboard and recorded afterwards.")
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def _observation(code: dict[str, Any], at: datetime, patient: str, part_of: str | None,
                 **value: Any) -> dict[str, Any]:
    resource: dict[str, Any] = {"resourceType": "Observation", "status": "final",
                                "category": [CATEGORY], "code": code,
                                "subject": {"reference": patient},
                                "effectiveDateTime": fhir_time(at), **value}
    if part_of is not None:
        resource["partOf"] = [{"reference": part_of}]
    return resource


def entry_resources(entry: DiaryEntry, patient: str, *, session_start: datetime | None,
                    activity_names: Mapping[int, str],
                    sign_text: Callable[[str], tuple[str, str]]) -> Iterable[dict[str, Any]]:
    """The Observations of one diary entry: its readings, ratings and safety signs."""
    part_of = None if entry.session_id is None else _uuid("session", entry.session_id)
    pain = {"coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
            "text": "Discomfort, 0-10 (0 = none, 10 = worst imaginable)"}
    if entry.discomfort_before is not None:
        yield {**_observation(pain, session_start or entry.at, patient, part_of,
                              valueInteger=entry.discomfort_before),
               "note": [{"text": "Before the session."}]}
    if entry.discomfort is not None:
        yield _observation(pain, entry.at, patient, part_of, valueInteger=entry.discomfort)
    if entry.stiffness is not None:
        yield _observation(_coding("stiffness"), entry.at, patient, part_of,
                           valueInteger=entry.stiffness)
    for activity_id, score in entry.activities:
        name = activity_names.get(activity_id, f"activity {activity_id}")
        code = {**_coding("activity-rating"), "text": f"Activity: {name}"}
        yield _observation(code, entry.at, patient, part_of, valueInteger=score)
    for key in entry.flags:
        text, tier = sign_text(key)
        yield {**_observation(_coding("safety-sign"), entry.at, patient, part_of,
                              valueCodeableConcept={"coding": [{
                                  "system": CODE_SYSTEM + "-signs", "code": key,
                                  "display": text}], "text": text}),
               "interpretation": [{"text": tier}]}


def write(sessions: Iterable[SessionRecord], entries: Iterable[DiaryEntry],
          activities: Iterable[Activity], out: TextIO, *, now: datetime,
          titles: Mapping[str, str], sign_text: Callable[[str], tuple[str, str]],
          patient_name: str | None = None) -> Written:
    """Write the Bundle: a Patient, each session's Procedure, then each entry's Observations.

    ``titles`` maps routine names to their titles (a missing one: the name);
    ``sign_text`` gives a safety sign's wording and tier from its key.
    """
    patient = _uuid("patient", patient_name or "")
    out.write('{"resourceType":"Bundle","type":"collection",'
              f'"timestamp":{_ENCODE(fhir_time(now))},"entry":[\n')
    person: dict[str, Any] = {"resourceType": "Patient"}
    if patient_name:
        person["name"] = [{"text": patient_name}]
    out.write(_ENCODE({"fullUrl": patient, "resource": person}))
    started: dict[int, datetime] = {}
    procedures = observations = 0
    for session in sessions:
        if session.id is not None:
            started[session.id] = session.started_at
        resource = session_resource(session, patient, titles.get(session.routine,
                                                                 session.routine))
        out.write(",\n" + _ENCODE({"fullUrl": _uuid("session", session.id), "resource":
                                   resource}))
        procedures += 1
    names = {a.id: a.name for a in activities}
    for entry in entries:
        start = None if entry.session_id is None else started.get(entry.session_id)
        for n, resource in enumerate(entry_resources(entry, patient, session_start=start,
                                                     activity_names=names,
                                                     sign_text=sign_text)):
            out.write(",\n" + _ENCODE({"fullUrl": _uuid("entry", f"{entry.id}:{n}"),
                                       "resource": resource}))
            observations += 1
    out.write("\n]}\n")
    return Written(observations, procedures)
