"""Pages of the Satsningar area. Views stay thin: parse the form, call a service, render."""
