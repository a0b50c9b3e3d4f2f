"""Stage codes of a job, their progress and default English messages."""

from enum import StrEnum


class Stage(StrEnum):
    """Where a job is in its pipeline."""

    QUEUED = "queued"
    PREPROCESSING = "preprocessing"
    OCR = "ocr"
    WAITING_EXTRACTION = "waiting_extraction"
    EXTRACTION = "extraction"
    VALIDATION = "validation"
    SAVING = "saving"
    DONE = "done"


PROGRESS = {
    Stage.QUEUED: 0, Stage.PREPROCESSING: 10, Stage.OCR: 15, Stage.WAITING_EXTRACTION: 72,
    Stage.EXTRACTION: 80, Stage.VALIDATION: 90, Stage.SAVING: 95, Stage.DONE: 100,
}

MESSAGES = {
    Stage.QUEUED: "Waiting in the queue",
    Stage.PREPROCESSING: "Preparing the document",
    Stage.OCR: "Reading text",
    Stage.WAITING_EXTRACTION: "Waiting for field extraction",
    Stage.EXTRACTION: "Extracting fields",
    Stage.VALIDATION: "Checking the extracted fields",
    Stage.SAVING: "Saving the result",
    Stage.DONE: "Done",
}

# Stages run by the extraction task; a lost lease here goes back to waiting_extraction.
EXTRACTION_STAGES = (Stage.EXTRACTION, Stage.VALIDATION, Stage.SAVING)


def ocr_progress(page: int, page_count: int) -> int:
    """Map pages done onto 15…70."""
    return 15 + round(55 * page / max(page_count, 1))
