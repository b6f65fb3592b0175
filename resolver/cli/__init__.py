"""The headless command line: parse arguments, call the engine, print. Nothing else."""
