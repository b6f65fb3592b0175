"""Store Layers' desktop explorer (Qt). Imports the resolver; the resolver never imports this."""
