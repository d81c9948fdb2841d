"""One router per area of the open API."""
