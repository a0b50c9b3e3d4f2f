"""Documentation of the jobs API (`/api/ocr-async`)."""

from app.jobs import exports
from app.ocr.formats import SUPPORTED_TYPES
from app.ocr_async.exports import ExportQuerySchema
from app.ocr_async.schemas import AcceptedSchema, ResultsQuerySchema, StatusSchema
from app.openapi.doc import ACCESS_OR_LINK, ACCESS_OR_TICKET, Doc
from app.openapi.schemas import (
                                 CORRECTIONS_BODY,
                                 BatchSchema,
                                 BulkAcceptedSchema,
                                 CancelSchema,
                                 CorrectionsSchema,
                                 EventsQuerySchema,
                                 LinksSchema,
                                 ProcessAsyncFormSchema,
                                 ProcessBulkFormSchema,
                                 QueueStatsSchema,
                                 ResultsPageSchema,
                                 TicketSchema,
)

TAG = "jobs"
_ACCEPTED_HEADERS = {"Location": "The job's status URL.", "Retry-After": "Seconds until a first poll is useful."}
_JOB_ID = {"ocr_result_id": "The job's id (`ocr_result_id`)."}

DOCS = {
    "ocr_async.process_async": Doc(
        "Upload one document", TAG, status=202, form=ProcessAsyncFormSchema, response=AcceptedSchema,
        response_headers=_ACCEPTED_HEADERS, errors=(409, 415, 429),
        request_headers={"Idempotency-Key": "1 to 255 characters: the same key and file give the same job; "
                                            "the same key with another file is a 409 (keys kept 24 h)."},
        description="Answers 202 at once; follow the job by Socket.IO, SSE, polling or a webhook. "
                    "503 `low_disk` when storage is nearly full."),
    "ocr_async.process_bulk": Doc(
        "Upload many documents as a batch", TAG, status=202, form=ProcessBulkFormSchema,
        response=BulkAcceptedSchema, errors=(429,),
        description="Each file is validated alone: a bad or oversized file lands in `rejected`. The rate "
                    "limit counts files; a bulk that would pass it is refused whole (429)."),
    "ocr_async.status": Doc(
        "Return a job's state, and its result or error once finished", TAG, response=StatusSchema,
        path_params=_JOB_ID),
    "ocr_async.cancel": Doc(
        "Cancel a job by its task id", TAG, response=CancelSchema, errors=(409,),
        path_params={"task_id": "The job's `task_id` (a UUID)."},
        description="At once when queued, at the next page or stage when running; 409 once terminal."),
    "ocr_async.retry": Doc(
        "Run a finished job again as a new job", TAG, status=202, response=AcceptedSchema,
        response_headers=_ACCEPTED_HEADERS, errors=(409, 429), path_params=_JOB_ID),
    "ocr_async.results": Doc(
        "List the caller's jobs, newest first", TAG, query=ResultsQuerySchema, response=ResultsPageSchema),
    "ocr_async.export_results": Doc(
        "Export the caller's jobs as CSV, XLSX or JSON Lines", TAG, query=ExportQuerySchema,
        media_types=tuple(exports.FORMATS.values()),
        response_headers={"Content-Disposition": "`attachment; filename=\"ocrflow-export-<time>.<format>\"`."},
        description="One row per job, oldest first, with its main fields (document type, invoice number, "
                    "dates, vendor, tax id, currency, amounts, IBAN, needs_review). JSON Lines adds the line "
                    "items and every extracted field; XLSX holds a `jobs` sheet and a `line_items` sheet. "
                    "Streamed from a server-side cursor: any number of jobs in bounded memory."),
    "ocr_async.result_file": Doc(
        "Download the original upload", TAG, auth=ACCESS_OR_LINK, media_types=SUPPORTED_TYPES,
        response_headers={"Content-Disposition": "`attachment` with an RFC 5987 filename."},
        path_params=_JOB_ID, description="Owner only; typed from its bytes. 404 `file_expired` once cleaned."),
    "ocr_async.page_png": Doc(
        "Return one page's preview as PNG", TAG, auth=ACCESS_OR_LINK, media_types=("image/png",),
        path_params={**_JOB_ID, "page": "The page number, from 1."}, errors=(409,),
        description="Owner only. The page as the OCR worker stored it when it read the page (its longer side at "
                    "most `OCR_PREVIEW_MAX_SIDE` pixels, grey when it has no colour); the API renders nothing. "
                    "409 `page_not_ready` with `Retry-After` while the page is not read yet (or, for a result read "
                    "before previews were kept, until a worker has rendered it on demand); 404 "
                    "`page_not_found` past the last page; 404 `page_unavailable` for a page that has no image "
                    "and never will (`details.page_error`: `page_timeout` when its rendering took longer than "
                    "`OCR_PAGE_TIMEOUT`, or the job's error code)."),
    "ocr_async.searchable_pdf": Doc(
        "Download the document as a searchable PDF", TAG, auth=ACCESS_OR_LINK, media_types=("application/pdf",),
        path_params=_JOB_ID, errors=(409,),
        description="The pages as images under an invisible text layer placed on the recognised boxes; an "
                    "image upload becomes a PDF; a PDF read wholly from its own text layer comes back as it "
                    "was. Built by the OCR worker when the job is read. 409 `job_not_completed` before the "
                    "job completes; 404 `searchable_pdf_unavailable` when none was built."),
    "ocr_async.result_links": Doc(
        "Make short-lived signed URLs for the file, its pages and its searchable PDF", TAG, response=LinksSchema,
        path_params=_JOB_ID, description="For `<img>` tags and downloads, which cannot send a bearer token."),
    "ocr_async.correct_fields": Doc(
        "Store corrected field values beside the extracted ones", TAG, body=CORRECTIONS_BODY,
        response=CorrectionsSchema, errors=(409,), path_params=_JOB_ID),
    "ocr_async.batch": Doc(
        "Return a batch's counts by status and its jobs", TAG, response=BatchSchema,
        path_params={"batch_id": "The batch's id (a UUID)."}),
    "ocr_async.stats": Doc(
        "Queue depths, consumers, job counts and times", TAG, response=QueueStatsSchema,
        description="Admins see every user's jobs; a user sees global queue depths and their own jobs. "
                    "Broker trouble gives a partial answer with `degraded: true`, never a 500."),
    "ocr_async.events": Doc(
        "Stream the caller's events (Server-Sent Events)", "events", auth=ACCESS_OR_TICKET,
        query=EventsQuerySchema, media_types=("text/event-stream",),
        request_headers={"Last-Event-ID": "Replay every event after this `seq`."},
        description="`event: notification`, `id: <seq>`, `data: <event JSON>`; keep-alive comments every 15 s. "
                    "A browser `EventSource`, which cannot send headers, authenticates with `?ticket=` from "
                    "`POST /api/ocr-async/events/ticket`."),
    "ocr_async.events_ticket": Doc(
        "Issue a ticket for one EventSource connection", "events", response=TicketSchema,
        description="Single-use, valid 60 s: `GET /api/ocr-async/events?ticket=…`."),
}
