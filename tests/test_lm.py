"""Language models of names: the corpus and its split, LayerNorm and causal self-attention against PyTorch and
gradcheck, the four models, sampling, the bad-input errors, and the `minigrad demo lm` quick run."""
import json
import math
import sys

import numpy as np
import pytest

from minigrad import Value, cli, gradcheck, lm, nn
from minigrad.data import datasets

LOG_27 = math.log(27)


@pytest.fixture(scope="module")
def corpus():
    return datasets.names("first")


def rand(*shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def gradcheck_module(module, x):
    """gradcheck a module's output w.r.t. its input and every parameter (nested ones too): gradcheck hands fn
    float64 copies, which are swapped in for the parameters while fn runs."""
    named = list(module.named_parameters())

    def swap(values):
        for (name, _), value in zip(named, values):
            *path, attribute = name.split(".")
            owner = module
            for part in path:
                owner = getattr(owner, part)
            object.__setattr__(owner, attribute, value)

    originals = [p for _, p in named]

    def fn(x, *params):
        swap(params)
        return module(x)
    try:
        return gradcheck(fn, Value(x), *originals)
    finally:
        swap(originals)


# ---- the corpus ------------------------------------------------------------------------------------------------

def test_census_names_split_is_fixed_disjoint_and_complete(corpus):
    assert (len(corpus.train), len(corpus.val), len(corpus.test)) == (4131, 516, 516)
    words = corpus.train + corpus.val + corpus.test
    assert len(set(words)) == len(words) == 5163
    assert {"mary", "james"} <= set(words) and all(w.isalpha() and w.islower() for w in words)
    again = datasets.names("first")
    assert again.train == corpus.train and again.val == corpus.val
    assert datasets.names("first", seed=1).train != corpus.train
    last = datasets.names("last")
    assert len(last.train + last.val + last.test) == 88799 and "smith" in last.train + last.val + last.test


def test_vocabulary_has_the_boundary_token_first_and_round_trips(corpus):
    vocab = corpus.vocab
    assert vocab.chars == ["."] + list("abcdefghijklmnopqrstuvwxyz") and vocab.size == 27
    ids = vocab.encode("emma")
    assert ids.dtype == np.int64 and ids.tolist() == [5, 13, 13, 1]
    assert vocab.decode(ids) == "emma"


def test_contexts_and_sequences_mark_start_and_end_with_the_boundary():
    small = datasets.NamesCorpus(["ab", "b", "ba"], seed=0, fractions=(0.34, 0.33, 0.33))
    X, Y = small.contexts("train", 2)
    word = small.train[0]
    ids = small.vocab.encode(word).tolist()
    padded = [0, 0] + ids
    assert X.tolist() == [padded[i:i + 2] for i in range(len(ids) + 1)]
    assert Y.tolist() == ids + [0]
    X, Y = small.sequences("train", 4)
    assert X.tolist() == [[0] + ids + [0] * (3 - len(ids))]
    assert Y.tolist() == [ids + [0] + [-1] * (3 - len(ids))]


def test_an_empty_corpus_is_refused():
    with pytest.raises(ValueError, match="corpus is empty"):
        datasets.NamesCorpus([])
    with pytest.raises(ValueError, match="corpus is empty"):
        datasets.NamesCorpus(["", ""])
    with pytest.raises(ValueError, match="at least 3"):
        datasets.NamesCorpus(["ada", "alan"])
    with pytest.raises(ValueError, match="boundary token"):
        datasets.NamesCorpus(["ada", "a.b", "alan"])


def test_a_missing_names_package_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "names", None)
    with pytest.raises(ImportError, match="pip install names"):
        datasets.names()


def test_bad_kind_and_split_are_named(corpus):
    with pytest.raises(ValueError, match="kind must be one of"):
        datasets.names("middle")
    with pytest.raises(ValueError, match="split must be one of"):
        corpus.contexts("validation", 3)
    with pytest.raises(ValueError, match="too short for the longest word"):
        corpus.sequences("val", corpus.longest)


# ---- LayerNorm and causal self-attention ------------------------------------------------------------------------

def test_layer_norm_matches_pytorch_forward_and_backward(backend):
    torch = pytest.importorskip("torch")
    x, g = rand(2, 3, 6).astype(np.float32), rand(2, 3, 6, seed=1).astype(np.float32)
    layer = nn.LayerNorm(6)
    layer.weight.data[:] = rand(6, seed=2)
    layer.bias.data[:] = rand(6, seed=3)
    xv = Value(x)
    out = layer(xv)
    out.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    wt, bt = (torch.tensor(p.data, requires_grad=True) for p in (layer.weight, layer.bias))
    ot = torch.nn.functional.layer_norm(xt, (6,), wt, bt, eps=1e-5)
    ot.backward(torch.tensor(g))
    np.testing.assert_allclose(out.data, ot.detach().numpy(), rtol=1e-5, atol=1e-5)
    for mine, theirs in ((xv, xt), (layer.weight, wt), (layer.bias, bt)):
        np.testing.assert_allclose(mine.grad, theirs.grad.numpy(), rtol=1e-4, atol=1e-5)


def test_layer_norm_gradchecks_and_standardizes_each_sample(backend):
    layer = nn.LayerNorm(5)
    assert gradcheck_module(layer, rand(3, 5))
    out = nn.LayerNorm(5, elementwise_affine=False)(rand(4, 5) * 7 + 3).data
    np.testing.assert_allclose(out.mean(axis=-1), 0, atol=1e-5)
    np.testing.assert_allclose(out.std(axis=-1), 1, atol=1e-3)
    with pytest.raises(ValueError, match=r"the last ax[ie]s of the input must have .*5"):
        layer(rand(3, 4))


def test_causal_attention_matches_pytorch_and_gradchecks(backend):
    torch = pytest.importorskip("torch")
    nn.init.seed(0)
    layer = nn.CausalSelfAttention(8, num_heads=2, block_size=5)
    x = rand(2, 4, 8).astype(np.float32)
    out = layer(x).data
    xt = torch.tensor(x)
    heads = lambda t: t.reshape(2, 4, 2, 4).transpose(1, 2)
    q, k, v = (heads(xt @ torch.tensor(lin.weight.data).T) for lin in (layer.query, layer.key, layer.value))
    mixed = torch.nn.functional.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(2, 4, 8)
    expected = torch.nn.functional.linear(mixed, torch.tensor(layer.out.weight.data), torch.tensor(layer.out.bias.data))
    np.testing.assert_allclose(out, expected.numpy(), rtol=1e-4, atol=1e-5)
    assert gradcheck_module(layer, rand(1, 3, 8))


def test_attention_looks_only_backwards():
    nn.init.seed(0)
    layer = nn.CausalSelfAttention(6, num_heads=3, block_size=4)
    x = rand(1, 4, 6)
    before = layer(x).data
    weights = layer.weights
    assert weights.shape == (1, 3, 4, 4)
    np.testing.assert_allclose(weights.sum(axis=-1), 1, rtol=1e-6)
    assert np.all(np.triu(weights[0, 0], k=1) == 0)
    x[0, 3] += 10.0                                   # change the last position only
    after = layer(x).data
    np.testing.assert_allclose(after[0, :3], before[0, :3], rtol=1e-6)
    assert not np.allclose(after[0, 3], before[0, 3])


def test_a_sequence_longer_than_the_attention_context_is_refused():
    layer = nn.CausalSelfAttention(4, num_heads=2, block_size=3)
    with pytest.raises(ValueError, match="longer than the model's context of block_size=3"):
        layer(rand(1, 4, 4))
    with pytest.raises(ValueError, match="split evenly"):
        nn.CausalSelfAttention(6, num_heads=4, block_size=3)


# ---- the models ---------------------------------------------------------------------------------------------------

def test_counting_bigram_normalizes_the_counts_with_smoothing():
    toy = datasets.NamesCorpus(["ab", "ab", "b"], fractions=(0.34, 0.33, 0.33))
    model = lm.CountingBigram(toy.vocab.size, smoothing=1.0).fit(*toy.contexts("train", 1))
    p = np.exp(model.log_probs())
    np.testing.assert_allclose(p.sum(axis=1), 1)
    word = toy.train[0]
    pairs = list(zip("." + word, word + "."))
    # each pair seen once, add-one smoothing over 3 symbols: (1 + 1) / (1 + 3) for the seen pairs
    for previous, following in pairs:
        assert p[toy.vocab.ids[previous], toy.vocab.ids[following]] == pytest.approx(2 / 4)


def test_gradient_descent_bigram_reaches_the_counting_loss(corpus):
    counting = lm.CountingBigram(corpus.vocab.size).fit(*corpus.contexts("train", 1))
    expected = lm.evaluate(counting, *corpus.contexts("val", 1))
    assert expected < LOG_27 - 0.8
    nn.init.seed(0)
    bigram = lm.Bigram(corpus.vocab.size)
    history = lm.train(bigram, corpus, 1500, lr=0.1, eval_every=500)
    assert history["step"] == [500, 1000, 1500]
    assert history["val_loss"][-1] == pytest.approx(expected, abs=0.02)


@pytest.mark.slow  # seconds: make test-fast leaves it out
def test_mlp_and_attention_learn_beyond_the_bigram(corpus):
    counting = lm.CountingBigram(corpus.vocab.size).fit(*corpus.contexts("train", 1))
    bigram = lm.evaluate(counting, *corpus.contexts("val", 1))
    nn.init.seed(0)
    mlp = lm.MLP(corpus.vocab.size, block_size=3, embed_dim=10, hidden=100)
    assert lm.train(mlp, corpus, 2000, lr=0.01, eval_every=2000)["val_loss"][-1] < bigram - 0.1
    attention = lm.AttentionLM(corpus.vocab.size, corpus.longest + 1, embed_dim=16, num_heads=2)
    assert lm.train(attention, corpus, 300, lr=0.01, batch_size=32, eval_every=300)["val_loss"][-1] < bigram


def test_window_and_sequence_losses_count_the_same_characters(corpus):
    """The MLP scores contexts, attention scores padded sequences: both must average over the same predictions."""
    X, Y = corpus.contexts("val", 3)
    Xs, Ys = corpus.sequences("val", corpus.longest + 1)
    assert len(Y) == int((Ys >= 0).sum()) == sum(len(w) + 1 for w in corpus.val)
    np.testing.assert_array_equal(np.sort(Y), np.sort(Ys[Ys >= 0]))


def test_a_context_of_the_wrong_length_is_refused(corpus):
    mlp = lm.MLP(corpus.vocab.size, block_size=3)
    with pytest.raises(ValueError, match=r"expected contexts of shape \(N, 3\)"):
        mlp(np.zeros((2, 5), dtype=np.int64))
    attention = lm.AttentionLM(corpus.vocab.size, block_size=6, embed_dim=8, num_heads=2)
    with pytest.raises(ValueError, match="the context is longer than the model's"):
        attention(np.zeros((1, 7), dtype=np.int64))


# ---- sampling ---------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained_mlp(corpus):
    nn.init.seed(0)
    model = lm.MLP(corpus.vocab.size, block_size=3, embed_dim=10, hidden=100)
    lm.train(model, corpus, 1500, lr=0.01, eval_every=1500)
    return model


def test_samples_are_names_of_the_vocabulary_and_mostly_new(corpus, trained_mlp):
    names = lm.sample(trained_mlp, corpus.vocab, 50, temperature=0.8, seed=0)
    assert len(names) == 50 and all(names) and all(set(n) <= set("abcdefghijklmnopqrstuvwxyz") for n in names)
    assert names == lm.sample(trained_mlp, corpus.vocab, 50, temperature=0.8, seed=0)
    assert 0.5 <= lm.new_share(names, corpus.train) <= 1.0
    assert all(n.startswith("ma") for n in lm.sample(trained_mlp, corpus.vocab, 5, prompt="ma"))


def test_top_k_one_is_greedy_and_low_temperature_concentrates(corpus, trained_mlp):
    greedy = lm.sample(trained_mlp, corpus.vocab, 5, top_k=1, seed=0)
    assert len(set(greedy)) == 1                       # no randomness left: the likeliest character every time
    hot = lm.sample(trained_mlp, corpus.vocab, 40, temperature=2.0, seed=0)
    cold = lm.sample(trained_mlp, corpus.vocab, 40, temperature=0.3, seed=0)
    assert len(set(cold)) < len(set(hot))


def test_new_share_counts_the_names_not_seen_in_training():
    assert lm.new_share(["ann", "bob", "zed", "ann"], ["ann", "bob"]) == 0.25
    with pytest.raises(ValueError, match="no samples"):
        lm.new_share([], ["ann"])


def test_an_unknown_character_at_sampling_is_named(corpus, trained_mlp):
    with pytest.raises(ValueError, match=r"character\(s\) \['3', 'X'\] that are not in the vocabulary"):
        lm.sample(trained_mlp, corpus.vocab, 1, prompt="X3")
    with pytest.raises(ValueError, match="temperature must be > 0"):
        lm.sample(trained_mlp, corpus.vocab, 1, temperature=0)
    with pytest.raises(ValueError, match="top_k must be between 1 and the vocabulary size 27"):
        lm.sample(trained_mlp, corpus.vocab, 1, top_k=0)


def test_a_prompt_longer_than_the_attention_context_is_refused(corpus):
    model = lm.AttentionLM(corpus.vocab.size, block_size=4, embed_dim=8, num_heads=2)
    assert all(len(n) <= 3 for n in lm.sample(model, corpus.vocab, 10))
    with pytest.raises(ValueError, match="a context longer than the model's: AttentionLM reads at most 3"):
        lm.sample(model, corpus.vocab, 1, prompt="abcd")


# ---- the demo -------------------------------------------------------------------------------------------------------

@pytest.mark.e2e
def test_demo_lm_quick_writes_results_samples_and_pictures(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    assert cli.main(["demo", "lm", "--quick", "--out", str(tmp_path)]) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    for key in ("bigram_val_loss", "mlp_val_loss", "attention_val_loss"):
        assert 1.5 < results[key] < LOG_27, (key, results[key])
    assert results["bigram_val_loss"] == pytest.approx(2.341, abs=1e-3)  # counting: the same in every run
    samples = (tmp_path / "samples.txt").read_text().split()
    assert len(samples) == 20
    assert results["new_share"] == lm.new_share(samples, datasets.names("first").train)
    for picture, head in (("embeddings.png", b"\x89PNG"), ("attention.png", b"\x89PNG"), ("losses.png", b"\x89PNG"),
                          ("step_graph.svg", b"<svg")):
        assert head in (tmp_path / picture).read_bytes()[:2048], picture
