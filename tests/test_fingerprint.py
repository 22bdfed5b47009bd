"""Fingerprint stage: MinHash accuracy, tokenisation, immutables, scheme tags."""

from __future__ import annotations

import random

import numpy as np
import pytest

from unspun.config import FingerprintOptions
from unspun.fingerprint import ImmutableSignature, Schemes, ShingleSignature, fingerprint_batch, immutables
from unspun.fingerprint.minhash import MinHasher, batch_shingles, batch_word_hashes, jaccard


def test_fingerprint_minhash_estimates_jaccard():
    rng = random.Random(3)
    hasher = MinHasher(128, 1)
    errors = []
    for _ in range(150):
        a = rng.sample(range(10**6), rng.randint(50, 800))
        keep = rng.random()
        b = [x for x in a if rng.random() < keep] + rng.sample(range(10**6, 2 * 10**6), rng.randint(0, 300))
        true = len(set(a) & set(b)) / len(set(a) | set(b))
        sig = hasher.signatures([np.array(a, dtype=np.uint64), np.array(b, dtype=np.uint64)])
        errors.append(jaccard(sig[0], sig[1]) - true)
    assert abs(np.mean(errors)) < 0.01  # unbiased
    assert np.std(errors) < 0.06  # about sqrt(J(1-J)/128)


def test_fingerprint_minhash_densifies_small_sets():
    hasher = MinHasher(128, 1)
    small = np.array([1, 2, 3], dtype=np.uint64)
    sig = hasher.signatures([small, small.copy(), np.array([4, 5, 6], dtype=np.uint64)])
    assert (sig[0] != 0xFFFFFFFF).all()  # no empty bins left
    assert jaccard(sig[0], sig[1]) == 1.0
    assert jaccard(sig[0], sig[2]) < 0.2


def test_fingerprint_minhash_rejects_bad_num_perm():
    with pytest.raises(ValueError):
        MinHasher(100, 1)


@pytest.mark.parametrize("text,count", [
    ("Hello, world!", 2),
    ("“Quoted” words’ edges", 3),  # curly quotes separate words
    ("don’t", 2),  # apostrophes split words, curly or straight
    ("", 0),
    ("Élan café 3.5%", 4),
])
def test_fingerprint_word_counts(text, count):
    _, counts = batch_word_hashes([text])
    assert counts.tolist() == [count]


def test_fingerprint_word_hashes_are_case_and_position_independent():
    h, counts = batch_word_hashes(["Administration said", "the ADMINISTRATION administrative"])
    assert counts.tolist() == [2, 3]
    assert h[0] == h[3]  # same word, other document, other case
    assert h[3] != h[4]  # long words differing only at the end


def test_fingerprint_shingles_stay_inside_documents():
    sh, doc, counts = batch_shingles(["a b c d e f", "g h", "i j k l m"], 5)
    assert counts.tolist() == [6, 2, 5]
    assert np.bincount(doc).tolist() == [2, 1, 1]  # 2 shingles, 1 short-doc shingle, 1


def test_fingerprint_batch_is_independent_of_batching():
    texts = [f"Story {i} about the Port of Halvik strike, which began on May {i} with 1,200 workers." * 3
             for i in range(7)]
    o = FingerprintOptions(embed=False)
    together = fingerprint_batch([(str(i), t) for i, t in enumerate(texts)], o)
    apart = [fp for i, t in enumerate(texts) for fp in fingerprint_batch([(str(i), t)], o)]
    assert [f.data for f in together] == [f.data for f in apart]


def test_fingerprint_schemes_carry_parameters():
    s1 = Schemes.of(FingerprintOptions())
    s2 = Schemes.of(FingerprintOptions(num_perm=64, shingle_words=4))
    assert "k=5" in s1.shingles and "perm=128" in s1.shingles
    assert s1.shingles != s2.shingles


def test_fingerprint_immutables_keep_names_and_numbers():
    text = ('The talks in Geneva ended on Tuesday. "We will hold," said Xi Jinping, '
            "whose delegation of 1,200 met U.S. officials. But it was not enough.")
    toks = immutables(text)
    for expected in ["geneva", "tuesday", "xi", "jinping", "1200", "u.s"]:
        assert expected in toks
    for function_word in ["the", "we", "but", "it"]:
        assert function_word not in toks


def test_fingerprint_immutables_survive_spinning():
    original = ("Leaders of Norland and Vesta agreed on Monday to a lasting peace, President Anna Berg "
                "said in Oslo after 14 hours of talks with 3 delegations.")
    spun = ("Frontrunners of Norland and Vesta concurred on Monday to a green peace, President Anna Berg "
            "stated in Oslo following 14 hours of discussions with 3 delegations.")
    o = FingerprintOptions(embed=False)
    fps = fingerprint_batch([("a", original), ("b", spun)], o)
    sh = [ShingleSignature.decode(f.data) for f in fps if f.scheme.startswith("minhash")]
    im = [ImmutableSignature.decode(f.data, o.immutables_perm) for f in fps if f.scheme.startswith("immutables")]
    assert jaccard(sh[0].sig, sh[1].sig) < 0.2  # shingles mostly broken by the spin
    assert jaccard(im[0].sig, im[1].sig) > 0.6  # immutables intact
    assert set(im[0].tokens) == set(im[1].tokens)


def test_fingerprint_sentences_hash_long_sentences_on_their_words():
    from unspun.fingerprint.sentences import sentence_hashes
    from unspun.segment import segment

    text = ("The council voted on Monday to close the old harbour bridge to lorries. He said no. "
            "Engineers found cracks in two of its steel girders during an inspection in May.")
    h = sentence_hashes(text, segment(text)[1])
    assert len(h) == 2 and h.dtype == np.uint64 and list(h) == sorted(h)  # 'He said no.' is too short
    same = "THE COUNCIL VOTED ON MONDAY TO CLOSE THE OLD HARBOUR BRIDGE TO LORRIES!"
    assert set(sentence_hashes(same, segment(same)[1])) <= set(h)  # case and punctuation aside
    changed = "The council voted on Tuesday to close the old harbour bridge to lorries."
    assert not set(sentence_hashes(changed, segment(changed)[1])) & set(h)


def test_fingerprint_sentences_pair_articles_sharing_two_sentences():
    from unspun.fingerprint.sentences import flat_postings, shared_sentence_pairs, shared_with

    # even hashes: sentences that are not long (the low bit marks a long one)
    a = np.array([2, 4, 6, 18], dtype=np.uint64)
    b = np.array([4, 6, 14], dtype=np.uint64)      # two of a's: a pair
    c = np.array([6, 16], dtype=np.uint64)         # one only: a quotation every report carries
    d = np.array([2, 18, 16], dtype=np.uint64)     # two of a's, one of c's
    assert shared_sentence_pairs([a, b, c, d]).tolist() == [[0, 1], [0, 3]]
    # a sentence in more articles than max_postings pairs none of them
    assert shared_sentence_pairs([a, b, c, d], max_postings=2).tolist() == [[0, 3]]
    keys, rows = flat_postings([a, b, c, d])
    sizes = np.array([4, 3, 2, 3])
    assert shared_with(np.array([4, 6, 16], dtype=np.uint64), keys, rows, sizes).tolist() == [0, 1, 2]
    assert shared_with(np.array([14], dtype=np.uint64), keys, rows, sizes).tolist() == []  # one sentence: too little
    # two long stories closing on the same two-sentence sign-up block share too small a part of either
    long_a = np.arange(100, 180, 2, dtype=np.uint64)
    long_b = np.r_[np.arange(200, 276, 2), [100, 102]].astype(np.uint64)
    assert shared_sentence_pairs([long_a, long_b]).tolist() == []
    assert shared_sentence_pairs([long_a, np.array([100, 102, 104, 6, 8], dtype=np.uint64)]).tolist() == [[0, 1]]


def test_fingerprint_sentences_one_long_sentence_pairs_two_long_articles():
    from unspun.fingerprint.sentences import LONG_MAX_POSTINGS, flat_postings, shared_sentence_pairs, shared_with

    long_a = np.arange(100, 180, 2, dtype=np.uint64)       # 40 sentences, none long
    long_b = np.arange(300, 380, 2, dtype=np.uint64)
    lifted = np.uint64(1001)                                # odd: a long sentence
    a, b = np.r_[long_a, lifted], np.r_[long_b, lifted]
    assert shared_sentence_pairs([a, b]).tolist() == [[0, 1]]
    # two pages of one site: the site's own long sentence (an editor's note, a call for tips), no pair
    assert shared_sentence_pairs([a, b], sites=np.array([3, 3])).tolist() == []
    assert shared_sentence_pairs([a, b], sites=np.array([3, 4])).tolist() == [[0, 1]]
    assert shared_sentence_pairs([a, b], sites=np.array([-1, -1])).tolist() == [[0, 1]]  # sites not known
    keys, rows = flat_postings([a])
    assert shared_with(np.sort(b), keys, rows, np.array([len(a)])).tolist() == [0]
    # the same sentence not long (an even hash): one of 40 shared, no pair
    assert shared_sentence_pairs([np.r_[long_a, 1000], np.r_[long_b, 1000]]).tolist() == []
    # a long sentence in more articles than LONG_MAX_POSTINGS is a site's boilerplate: alone it pairs none
    many = [np.r_[np.arange(1000 * k, 1000 * k + 80, 2), lifted].astype(np.uint64)
            for k in range(2, LONG_MAX_POSTINGS + 3)]
    assert shared_sentence_pairs(many).tolist() == []
    assert len(shared_sentence_pairs(many[:LONG_MAX_POSTINGS])) == LONG_MAX_POSTINGS * (LONG_MAX_POSTINGS - 1) // 2


def test_fingerprint_sentences_long_means_the_writers_own_words():
    from unspun.fingerprint.sentences import is_long, sentence_hashes
    from unspun.segment import segment

    prose = ("The floods of November 2022 forced 4,300 residents from their homes, closed the Port Calder container "
             "terminal for nine days and caused an estimated $95 million in damage, according to figures presented "
             "at the summit.")
    quote = ('"We cannot keep rebuilding the same streets every winter and calling it resilience, because the water '
             'will come back higher every single year," Mayor Elena Ruis of Port Calder told reporters.')
    nyt = ("''We cannot keep rebuilding the same streets every winter and calling it resilience, because the water "
           "will come back higher every single year,'' Mayor Elena Ruis of Port Calder told reporters.")
    short = "The council voted on Monday to close the old harbour bridge to lorries and buses."
    for text, long in ((prose, True), (quote, False), (nyt, False), (short, False)):
        h = sentence_hashes(text, segment(text)[1])
        assert len(h) == 1 and is_long(h).tolist() == [long], text


def test_sentences_quoted_in_one_article_and_prose_in_another_still_match():
    # the long bit of a hash depends on the quotation marks around the sentence, not on its words: a copy whose
    # scraper dropped the marks must still share its sentences (a review's case)
    from unspun.fingerprint.sentences import sentence_hashes, shared_sentence_pairs
    from unspun.segment import segment

    s1 = ("The eastern waterfront barrier will protect thousands of families, shop owners, fishermen and "
          "restaurant workers from winter storms for decades to come.")
    s2 = ("The state emergency fund will cover construction costs, engineering studies, land purchases, "
          "legal fees and temporary housing for displaced residents next year.")
    a = "Holt said on Tuesday: “We voted tonight. " + s1 + " " + s2 + " We are done waiting,” she said."
    b = "Holt said on Tuesday: We voted tonight. " + s1 + " " + s2 + " We are done waiting, she said."
    ha, hb = sentence_hashes(a, segment(a)[1]), sentence_hashes(b, segment(b)[1])
    assert {h & ~1 for h in ha.tolist()} & {h & ~1 for h in hb.tolist()}
    assert shared_sentence_pairs([ha, hb]).tolist() == [[0, 1]]
