"""Python client of the ocrflow OCR server: submit documents, follow them live, fetch results."""

from ocrflow_client.client import Client
from ocrflow_client.errors import AuthError, NotFound, OcrflowError, ServiceUnavailable, WaitTimeout
from ocrflow_client.models import ErrorInfo, Event, Job

__all__ = ["AuthError", "Client", "ErrorInfo", "Event", "Job", "NotFound", "OcrflowError", "ServiceUnavailable",
           "WaitTimeout"]
__version__ = "0.1.0"
