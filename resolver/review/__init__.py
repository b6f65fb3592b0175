"""The divergence review (SPEC "Findings"): what has drifted, what is rotting, what should move up."""
