"""Write paths of the fund (one business action per function, one transaction, audited)."""
