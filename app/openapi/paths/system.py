"""Documentation of the service's own routes: health and this documentation."""

from app.openapi.doc import PUBLIC, Doc
from app.openapi.schemas import HealthSchema

TAG = "system"

DOCS = {
    "health.health": Doc(
        "Report the state of each component", TAG, auth=PUBLIC, response=HealthSchema,
        own_errors={503: HealthSchema},
        description="200, or 503 with the same body naming what is down in `down`."),
    "metrics.metrics": Doc(
        "Prometheus metrics", TAG, auth=PUBLIC, media_types=("text/plain", "application/openmetrics-text"),
        description="The text format, or OpenMetrics when the `Accept` header asks for it."),
    "openapi.spec": Doc(
        "This OpenAPI document", TAG, auth=PUBLIC, response={"type": "object"}),
    "openapi.docs": Doc(
        "Browsable API documentation", TAG, auth=PUBLIC, media_types=("text/html",)),
}
