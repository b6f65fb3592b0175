"""Operations that write files: composition (rule 13) and overrides made or removed in a layer."""
