"""The merge passes of ``kg_merge``: registered by name, run in ``PASS_ORDER``, each usable alone."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.errors import RecognizerError
from kg.ontology import Ontology
from kg.recognize import Recognizer
from kg.recognize.lexicon import lexicon_index
from kg.recognize.passes import MERGE_PASSES, PASS_ORDER, MergeState, passes_named
from kg.recognize.passes.organizations import joint_bodies
from kg.recognize.resources import build_resources

_NLP = spacy.blank("zh")


def state_of(ontology: Ontology, text: str, *names: tuple[str, str]) -> MergeState:
    """A state whose chosen spans are ``names`` ((name, label) pairs) on a one-character-a-token Doc."""
    doc = Doc(_NLP.vocab, words=list(text), spaces=[False] * len(text))
    chosen = []
    for name, label in names:
        start = text.index(name)
        chosen.append(Span(doc, start, start + len(name), label=label, span_id="pattern"))
    return MergeState(doc, build_resources(ontology), lexicon_index(ontology), list(chosen), chosen=chosen)


def test_the_registered_passes_are_the_pass_order() -> None:
    assert sorted(MERGE_PASSES) == sorted(PASS_ORDER)
    assert len(set(PASS_ORDER)) == len(PASS_ORDER)
    assert passes_named(PASS_ORDER) == [MERGE_PASSES[name] for name in PASS_ORDER]
    assert PASS_ORDER[0] == "choose_with_model"  # the later passes reshape what the combiner chose


def test_an_unknown_pass_name_is_an_error() -> None:
    with pytest.raises(RecognizerError, match="no_such_pass"):
        passes_named(["joint_bodies", "no_such_pass"])


def test_the_merge_component_leaves_out_list_members_without_lists(ontology: Ontology, recognizer: Recognizer) -> None:
    assert recognizer.nlp.get_pipe("kg_merge").pass_names() == PASS_ORDER
    without_lists = Recognizer(ontology, without=frozenset({"hanlp", "lists"}))
    expected = tuple(name for name in PASS_ORDER if name != "list_members")
    assert without_lists.nlp.get_pipe("kg_merge").pass_names() == expected


def test_joint_bodies_makes_one_body_of_a_dashed_pair(ontology: Ontology) -> None:
    research = ontology.types.research
    state = state_of(ontology, "清华大学—华为联合实验室成立。", ("清华大学", research), ("华为联合实验室", research))
    after = joint_bodies(state)
    assert [(s.text, s.label_) for s in after.chosen] == [("清华大学—华为联合实验室", research)]
    assert after.doc is state.doc and after.candidates == state.candidates  # only the chosen spans change


def test_joint_bodies_leaves_a_pair_without_a_dash(ontology: Ontology) -> None:
    research = ontology.types.research
    state = state_of(ontology, "清华大学与华为联合实验室成立。", ("清华大学", research), ("华为联合实验室", research))
    assert [s.text for s in joint_bodies(state).chosen] == ["清华大学", "华为联合实验室"]


def test_jiebas_tag_table_shares_the_tokenizers_words_and_keeps_every_tag():
    """The table is rebuilt to hold one string per word (memory); every word keeps the tag
    jieba's own dictionary file gives it."""
    from kg.recognize.features import jieba_dictionary
    from kg.recognize.passes.model import _jieba

    tagger = _jieba().dt
    table, frequencies = tagger.word_tag_tab, tagger.tokenizer.FREQ
    with jieba_dictionary().open(encoding="utf-8") as handle:
        expected = dict(parts[::2] for parts in (line.split() for line in handle) if len(parts) == 3)
    assert table == expected
    tokenizer_words = {word: word for word in list(frequencies)[:1000]}
    for word in table:
        if word in tokenizer_words:
            assert word is tokenizer_words[word]
    assert len({id(tag) for tag in table.values()}) == len(set(table.values()))
    assert [(w.word, w.flag) for w in _jieba().lcut("中关村科技园区发布政策", HMM=False)] == [
        ("中关村科技园区", "ns"), ("发布", "v"), ("政策", "n")]
