"""After a correction: ask the `ai_queue` to propose a template from the user's corrections."""

from __future__ import annotations

import logging

from flask import current_app

from app.jobs.dispatch import BROKER_ERRORS
from app.models import OcrResult

log = logging.getLogger(__name__)


def after_correction(job: OcrResult) -> None:
    """Queue a template proposal for the job's vendor (best effort: a later correction retries)."""
    try:
        current_app.extensions["celery"].send_task(
            "ocrflow.extraction.propose_template", args=[job.user_id, job.id], queue="ai_queue", retry=False,
            ignore_result=True)
    except BROKER_ERRORS as exc:
        log.warning("template proposal not queued: %s", exc.__class__.__name__)


def _vendor_of(job: OcrResult) -> str | None:
    corrected = (job.corrections or {}).get("vendor")
    if corrected:
        return str(corrected["value"])
    return (job.extracted_data or {}).get("vendor")


def _samples(user_id: int, vendor: str) -> list[dict]:
    from app.extensions import db

    jobs = db.session.execute(db.select(OcrResult).filter(
        OcrResult.user_id == user_id, OcrResult.status == "completed", OcrResult.corrections.isnot(None))
        .order_by(OcrResult.id.desc()).limit(50)).scalars().all()
    return [{"text": j.extracted_text or "", "extracted_data": j.extracted_data or {},
             "corrections": {k: v["value"] for k, v in (j.corrections or {}).items()}}
            for j in jobs if (_vendor_of(j) or "").casefold() == vendor.casefold()]


def propose_from_corrections(user_id: int, job_id: int) -> dict:
    """Propose (or refresh) the vendor's template once enough corrected samples exist."""
    from app.extensions import db
    from app.extraction import propose_template
    from app.jobs.events import Outbox
    from app.models import Template

    job = db.session.get(OcrResult, job_id)
    vendor = _vendor_of(job) if job is not None and job.user_id == user_id else None
    if not vendor:
        return {"proposed": False, "reason": "no_vendor"}
    samples = _samples(user_id, vendor)
    proposal = propose_template(samples)
    if proposal is None:
        return {"proposed": False, "reason": "not_enough_samples", "samples": len(samples)}
    template = db.session.execute(db.select(Template).filter_by(user_id=user_id, name=proposal["name"])
                                  ).scalar_one_or_none()
    if template is None:
        template = Template(user_id=user_id, name=proposal["name"])
        db.session.add(template)
    for key in ("keywords", "exclude_keywords", "fields", "options", "priority"):
        if key in proposal:
            setattr(template, key, proposal[key])
    db.session.flush()
    outbox = Outbox()
    outbox.write(user_id, "ai_training", f"Learned a template for {vendor} from {len(samples)} corrections",
                {"template_id": template.id, "vendor": vendor, "samples": len(samples),
                 "fields": sorted(proposal.get("fields", {}))})
    outbox.commit()
    return {"proposed": True, "template_id": template.id, "samples": len(samples)}
