"""Exports of a calculation: JSON, an auditable XLSX workbook with live formulas, an HTML report."""
