"""The US occupations importer: official data to role files (`python -m versus.importer`)."""
