"""Excel workbooks: the auditor's scoring workbook and the municipality's self-assessment.

This is the only package that imports openpyxl (always inside functions or in modules
that are themselves imported lazily). The layout is documented in docs/arbeidsbok.md.
"""
