"""The authoring front end: the command line, the live preview, checks and new role files."""
