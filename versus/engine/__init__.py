"""The engine: role files to a static site, validated, planned, rendered and written."""
