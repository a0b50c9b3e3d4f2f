"""Run the extraction step of a claimed job: OCR blocks in, fields and checks stored."""

from __future__ import annotations

from app.extensions import db
from app.jobs import lifecycle
from app.jobs.stages import Stage
from app.models import OcrResult
from app.models import Template as TemplateRow
from app.ocr.types import TextBlock


def blocks_of(job: OcrResult) -> list[TextBlock]:
    """Rebuild the stored text blocks of a job."""
    return [
        TextBlock(text=b["text"], confidence=b["confidence"],
                  box=tuple(tuple(p) for p in b["bounding_box"]), page=b.get("page", 1),
                  source=b.get("source", "ocr"))  # type: ignore[arg-type]
        for b in job.text_blocks or []
    ]


def user_templates(user_id: int) -> list:
    """Return the user's templates as extraction-layer objects."""
    from app.extraction import Template

    rows = db.session.execute(db.select(TemplateRow).filter_by(user_id=user_id)).scalars().all()
    return [Template(id=r.id, name=r.name, keywords=list(r.keywords), exclude_keywords=list(r.exclude_keywords),
                     fields=dict(r.fields), options=dict(r.options), priority=r.priority) for r in rows]


def user_corrections(user_id: int, job_id: int) -> list:
    """Return the user's most recent corrected receipts (blocks and corrected values) as training rows."""
    from app.extraction import Correction
    from app.extraction.memory import MAX_CORRECTIONS

    rows = db.session.execute(db.select(OcrResult).filter(
        OcrResult.user_id == user_id, OcrResult.id != job_id, OcrResult.corrections.isnot(None))
        .order_by(OcrResult.id.desc()).limit(MAX_CORRECTIONS)).scalars().all()
    return [Correction(blocks_of(r), {k: v.get("value") for k, v in (r.corrections or {}).items()})
            for r in rows if r.text_blocks]


def run_extraction(claim: lifecycle.Claim) -> None:
    """Extract fields (unless only text was asked for), check them and complete the job."""
    from app.extraction import ExtractionOptions, extract

    job = db.session.get(OcrResult, claim.job_id)
    options = job.options or {}
    wants_fields = options.get("extract_format", "json") == "json"
    # Read everything before the rollback: it expires the row, and touching it again would load it again.
    blocks = blocks_of(job) if wants_fields else []
    templates = user_templates(job.user_id) if wants_fields else []
    corrections = user_corrections(job.user_id, job.id) if wants_fields else []
    db.session.rollback()
    data = None
    if wants_fields:
        result = extract(blocks, ExtractionOptions(language=options.get("language") or "auto"),
                         templates=templates, template_id=options.get("template_id"), corrections=corrections)
        if lifecycle.advance(claim, Stage.VALIDATION):
            raise lifecycle.Cancelled()
        from app.extraction.invoice import add_invoice_fields

        data = add_invoice_fields(blocks, result.to_dict())
    if lifecycle.advance(claim, Stage.SAVING):
        raise lifecycle.Cancelled()
    lifecycle.complete(claim, extracted_data=data)
