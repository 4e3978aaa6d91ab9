"""Training kg's statistical NER; nothing at run time imports this package.

- :mod:`kg.ner.corpora`: the public annotated sets of ``ontology/corpora.yaml`` (CLUENER2020,
  People's Daily, Resume NER) read in place and mapped into the ontology, with a hash split.
- :mod:`kg.ner.templates`, :mod:`kg.ner.names`, :mod:`kg.ner.generate`: bulletin-style sentences
  with exact labels (the only source of Investor, Park and Policy names in context).
- :mod:`kg.ner.annotate`: bulletin text silver-labelled by the rule layers (``--annotate``).
- :mod:`kg.ner.train`: ``train(out, ontology, ...)`` behind ``kg ner train``: the model of
  :mod:`kg.recognize.tagger`, its best validation epoch and a model card.
"""
