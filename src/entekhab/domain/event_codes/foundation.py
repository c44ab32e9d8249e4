"""Events of the foundation: definitions and the civil registry."""

from entekhab.domain.event_codes import EventSpec

DEFINITION_LOADED = EventSpec(
    "DEFINITION_LOADED", "تعریف انتخابات بارگذاری شد", "Election definition loaded"
)
DEFINITION_REFUSED = EventSpec(
    "DEFINITION_REFUSED", "تعریف انتخابات رد شد", "Election definition refused"
)
REGISTRY_LOADED = EventSpec(
    "REGISTRY_LOADED", "فهرست ثبت احوال بارگذاری شد", "Civil-registry extract loaded"
)
REGISTRY_REFUSED = EventSpec(
    "REGISTRY_REFUSED",
    "فهرست ثبت احوال رد شد؛ چیزی ثبت نشد",
    "Civil-registry extract refused; nothing was written",
)
# -- the signed definition (c-rules) ---------------------------------------------------------
DEFINITION_SIGNED = EventSpec(
    "DEFINITION_SIGNED",
    "ستاد بسته تعریف انتخابات را با کلید خود امضا کرد",
    "Headquarters signed the election definition package with its key",
)
