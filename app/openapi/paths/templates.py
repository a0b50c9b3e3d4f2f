"""Documentation of the templates API (`/api/templates`)."""

from app.openapi.doc import Doc
from app.openapi.schemas import TEMPLATE_BODY, TemplateListSchema, TemplateSchema

TAG = "templates"
_ID = {"template_id": "The template's id."}

DOCS = {
    "templates.create": Doc("Save a new template", TAG, status=201, body=TEMPLATE_BODY, response=TemplateSchema,
                            errors=(409,),
                            description="At most `MAX_TEMPLATES_PER_USER` per user (409 `too_many_templates`)."),
    "templates.list_templates": Doc("List the caller's templates, highest priority first", TAG,
                                    response=TemplateListSchema),
    "templates.get_template": Doc("Return one template", TAG, response=TemplateSchema, path_params=_ID),
    "templates.update": Doc("Replace a template", TAG, body=TEMPLATE_BODY, response=TemplateSchema,
                            path_params=_ID, description="Validated like a new one."),
    "templates.delete": Doc("Delete a template", TAG, status=204, media_types=(), path_params=_ID),
}
