"""What users look at: the investor network (``network``), its offline HTML page (``html``),
static figures (``figures``) and the extraction audit page (``audit``)."""
