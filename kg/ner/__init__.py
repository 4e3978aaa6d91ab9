"""kg's own statistical NER: generated training data, HanLP's BiLSTM-CRF with its CRF fixed, training.

- :mod:`kg.ner.templates`, :mod:`kg.ner.names`, :mod:`kg.ner.generate`: bulletin-style sentences
  with exact labels for the nine ontology types (seeded, deterministic).
- :mod:`kg.ner.iobes`: IOBES encoding and lenient decoding.
- :mod:`kg.ner.model`: ``KgCharNER``, HanLP's ``RNNNamedEntityRecognizer`` with a batch-first CRF.
- :mod:`kg.ner.train`: ``train(out, ...)`` behind ``kg ner train``; the result ships in ``kg/models/ner``.
"""
