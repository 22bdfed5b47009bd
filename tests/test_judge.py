"""Unit tests of the sentence-pair judge: features, edit distance, the four relation types."""

from __future__ import annotations

import random

import numpy as np
import pytest

from unspun.align import features, judge, weights_idf, weights_paraphrase, weights_similarity
from unspun.align.features import FEATURES, edit_similarity, levenshtein, pair_features, sent_info


def naive_levenshtein(a, b) -> int:
    d = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        prev, d[0] = d[0], i
        for j, y in enumerate(b, 1):
            prev, d[j] = d[j], min(d[j] + 1, d[j - 1] + 1, prev + (x != y))
    return d[len(b)]


def test_levenshtein_matches_naive_dp_on_random_token_sequences():
    rng = random.Random(7)
    vocab = ["w%d" % i for i in range(6)]
    for _ in range(2000):
        a = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 12)))
        b = tuple(rng.choice(vocab) for _ in range(rng.randint(0, 12)))
        assert levenshtein(a, b) == naive_levenshtein(a, b), (a, b)
    long_a = tuple(rng.choice(vocab) for _ in range(150))  # longer than a machine word
    long_b = tuple(rng.choice(vocab) for _ in range(90))
    assert levenshtein(long_a, long_b) == naive_levenshtein(long_a, long_b)


def test_edit_similarity():
    assert edit_similarity(("a", "b", "c", "d", "e"), ("a", "b", "x", "d", "e")) == pytest.approx(0.8)
    assert edit_similarity((), ()) == 1.0
    assert edit_similarity(("a",), ()) == 0.0


def test_weights_are_fitted_and_current():
    for mod in (weights_paraphrase, weights_similarity):
        assert tuple(mod.FEATURES) == FEATURES
        assert len(mod.COEF) == len(FEATURES)
        assert np.count_nonzero(mod.COEF) >= len(FEATURES) // 2, f"{mod.__name__} is a placeholder"
        assert "placeholder" not in (mod.__doc__ or "")
    assert 0.05 <= judge.PARAPHRASE_THRESHOLD <= 0.95
    assert len(weights_idf.IDF) > 1000 and weights_idf.DEFAULT > max(weights_idf.IDF.values()) - 1
    assert not judge._STALE


def test_pair_features_shape_and_symmetry():
    a = sent_info("The bank raised its rate to 5.25 percent on Thursday.")
    b = sent_info("On Thursday the central bank lifted rates to 5.5 percent, it said.")
    x, y = pair_features(a, b, 0.8), pair_features(b, a, 0.8)
    assert x.shape == (len(FEATURES),) and np.all(np.isfinite(x))
    np.testing.assert_allclose(x, y)  # every feature is symmetric
    f = dict(zip(FEATURES, x))
    assert f["numx"] == 1.0 and f["numeq"] == 0.0 and f["numsub"] == 0.0
    same = pair_features(a, a, 1.0)
    g = dict(zip(FEATURES, same))
    assert g["ed"] == 1.0 and g["imin"] == 1.0 and g["wmin"] == 1.0 and g["numeq"] == 1.0
    assert features.sent_info("He did not go.").negated and not features.sent_info("He went.").negated
    assert dict(zip(FEATURES, pair_features(sent_info("He did not go."), sent_info("He did go."), 0.9)))["negx"] == 1.0


def test_rare_words_weigh_more_than_common_ones():
    assert features.idf("zanzibar") > features.idf("percent") > 0


EXACT_PAIR = ("The minister resigned on Friday.", "the minister resigned on friday")
EDITED_PAIR = ("Police arrested three men in Leeds on Saturday after a fight outside a bar.",
               "Police arrested four men in Leeds on Saturday after a fight outside a bar.")
PARAPHRASE_PAIR = ("The company's profit rose 12 percent in the third quarter, beating analysts' forecasts.",
                   "Third-quarter earnings at the firm climbed 12 percent, ahead of what analysts had expected.")
UNRELATED_PAIR = ("The company's profit rose 12 percent in the third quarter.",
                  "Heavy snow closed schools across the north of the country on Monday.")


@pytest.fixture(scope="module")
def embedded():
    pytest.importorskip("sentence_transformers")
    from unspun.fingerprint.embed import embed

    pairs = [EXACT_PAIR, EDITED_PAIR, PARAPHRASE_PAIR, UNRELATED_PAIR]
    return pairs, embed([p[0] for p in pairs]), embed([p[1] for p in pairs])


def test_classify_types(embedded):
    pairs, va, vb = embedded
    kinds = judge.classify_many([p[0] for p in pairs], [p[1] for p in pairs], a_vecs=va, b_vecs=vb)
    assert kinds == [judge.EXACT, judge.EDITED, judge.PARAPHRASE, None]


def test_scores_order_and_range(embedded):
    pairs, va, vb = embedded
    sim = judge.similarities([p[0] for p in pairs], [p[1] for p in pairs], a_vecs=va, b_vecs=vb)
    prob = judge.paraphrase_probabilities([p[0] for p in pairs], [p[1] for p in pairs], a_vecs=va, b_vecs=vb)
    assert np.all((sim >= 0) & (sim <= 1)) and np.all((prob >= 0) & (prob <= 1))
    assert sim[0] == 1.0 and sim[1] > sim[3] and sim[2] > sim[3] + 0.3
    assert prob[2] > judge.PARAPHRASE_THRESHOLD > prob[3]


def test_batch_and_single_agree(embedded):
    pairs, va, vb = embedded
    batch = judge._judge_many([p[0] for p in pairs], [p[1] for p in pairs], va, vb)
    for k, (x, y) in enumerate(pairs):
        cos = float(va[k] @ vb[k])
        one = judge.judge(sent_info(x), sent_info(y), cos)
        assert one.type == batch[k].type
        assert one.score == pytest.approx(batch[k].score, abs=1e-6)
        assert one.probability == pytest.approx(batch[k].probability, abs=1e-6)
        assert one.edit_similarity == pytest.approx(batch[k].edit_similarity)
    # the single-pair helpers embed by themselves and agree with the batch
    assert judge.classify(*PARAPHRASE_PAIR) == batch[2].type
    assert judge.similarity(*PARAPHRASE_PAIR) == pytest.approx(batch[2].score, abs=0.02)


def test_judge_features_edge_cases():
    assert judge.judge_features(np.zeros((0, len(FEATURES))), np.zeros(0, bool)) == []
    x = pair_features(sent_info(EDITED_PAIR[0]), sent_info(EDITED_PAIR[1]), 0.95)
    (j,) = judge.judge_features(x, np.array([False]))
    assert j.type == judge.EDITED and j.edit_similarity >= judge.EDITED_MIN
    (k,) = judge.judge_features(x, np.array([False]), threshold=1.1)
    assert k.type == judge.EDITED  # edited does not depend on the head's threshold
    with pytest.raises(ValueError):
        judge.similarities(["a"], ["a", "b"], a_vecs=np.ones((1, 2)), b_vecs=np.ones((2, 2)))


def test_embed_encodes_each_distinct_cut_text_once_and_keeps_the_order(monkeypatch):
    from unspun.fingerprint import embed as E

    session, tokenizer, cls, sep = E._encoder("float32")
    seen: list[list[int]] = []

    class Spy:
        def run(self, names, feed):
            seen.append([int(m.sum()) for m in feed["attention_mask"]])
            return session.run(names, feed)

    monkeypatch.setattr(E, "_encoder", lambda kind: (Spy(), tokenizer, cls, sep))
    texts = ["The council voted on Monday.", "Schools stay shut.", "The council voted on Monday.",
             "The council voted on Monday to close the bridge to lorries for a year."]
    vecs = E.embed(texts, max_tokens=7, dtype="float32")  # [CLS] + 5 word pieces + [SEP]: 1st, 3rd, 4th are one
    assert sorted(n for batch in seen for n in batch) == [6, 7]  # "schools stay shut ." and the cut one
    assert vecs.shape == (4, E.DIM)
    assert np.array_equal(vecs[0], vecs[2]) and np.array_equal(vecs[0], vecs[3])
    assert not np.allclose(vecs[0], vecs[1])
    seen.clear()
    full = E.embed(texts, dtype="float32")  # uncut, the long text is its own
    assert sum(len(b) for b in seen) == 3 and not np.allclose(full[0], full[3])
    # ONNX Runtime gives the vectors sentence-transformers gives on torch
    torch_vecs = E.load_model("float32").encode(texts, normalize_embeddings=True)
    assert np.allclose(full, torch_vecs, atol=1e-5)
