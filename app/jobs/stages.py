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


# Stages run by the OCR task: a lost lease here sends the job back to the queue.
OCR_STAGES = (Stage.PREPROCESSING, Stage.OCR)


def stage_in(stages: tuple[Stage, ...], column: str = "stage") -> str:
    """Return the SQL predicate `column IN (…)` for a group of stages (values are enum constants)."""
    return f"{column} IN ({', '.join(repr(s.value) for s in stages)})"


def stage_is(stage: Stage, column: str = "stage") -> str:
    """Return the SQL predicate `column = '<stage>'`."""
    return f"{column} = {stage.value!r}"


# Named predicates the SQL of the jobs layer uses (one spelling of each group).
IN_OCR = stage_in(OCR_STAGES)
IN_EXTRACTION = stage_in(EXTRACTION_STAGES)
WAITING_EXTRACTION = stage_is(Stage.WAITING_EXTRACTION)
# A job that still needs (or is in) OCR: what holds an OCR slot or waits for one.
NEEDS_OCR = f"(status = 'queued' OR (status = 'processing' AND {IN_OCR}))"
