# %% [markdown]
# # 13 · Embeddings and next-token generation
#
# The lectures open with "learn how to make embeddings", and describe a network's output layer as the "next
# token generation" of a language model. Here both ideas meet on a real corpus: the US census' 88,799 last
# names (the quick run takes its 5,163 first names), read one character at a time.
#
# Every model below answers the same question, p(next character | the characters before), and is scored the
# same way: the mean of $-\log p$(true next character) over the validation names, in **nats per character**.
# Guessing among 27 symbols uniformly scores $\log 27 = 3.30$. Guide: chapter 11.

# %%
import json

import minigrad
from minigrad import lm, nn
from minigrad.data import datasets
from minigrad.lm import pictures
from minigrad.lm.demo import ATTENTION_SHAPE, BATCH_SIZES, LEARNING_RATES, MLP_SHAPE, SETTINGS, TEMPERATURE

from _common import setup

QUICK, OUT = setup("13_embeddings_lm")
S = SETTINGS["quick" if QUICK else "full"]       # steps and time caps (seconds) of each model

corpus = datasets.names(S["kind"])
V = corpus.vocab.size
print(corpus)
print(corpus.vocab)
print("a few training names:", corpus.train[:8])

# %% [markdown]
# ## 1. Counting: the bigram model
#
# Count how often each character follows each other one, in a 27 x 27 table, and normalize each row into
# probabilities. No gradient, no training loop: counting *is* the fit. The boundary token `.` starts and ends
# every name, so the row of `.` says how names begin, and the column of `.` how they end.

# %%
counting = lm.CountingBigram(V).fit(*corpus.contexts("train", 1))
bigram_loss = lm.evaluate(counting, *corpus.contexts("val", 1))
print(f"counting bigram: {bigram_loss:.4f} nats/char on validation (uniform guessing: 3.2958)")
first = counting.log_probs()[0].argsort()[::-1][:5]
print("likeliest first letters:", [corpus.vocab.chars[i] for i in first])

# %% [markdown]
# ## 2. The same table, learned by gradient descent
#
# An `nn.Embedding(27, 27)` is a table of 27 rows of 27 numbers: read the row of the previous character and
# use it as logits. Trained with the cross-entropy, it reaches the loss of the counts: gradient descent finds
# the same answer that counting gives in closed form.

# %%
nn.init.seed(0)
bigram = lm.Bigram(V)
steps, seconds = S["bigram"]
history_bigram = lm.train(bigram, corpus, steps, lr=LEARNING_RATES["bigram"], batch_size=BATCH_SIZES["bigram"],
                          seconds=seconds, eval_every=S["eval_every"])
print(f"bigram by gradient descent: {history_bigram['val_loss'][-1]:.4f} nats/char (counting: {bigram_loss:.4f})")

# %% [markdown]
# ## 3. Embeddings: Bengio et al. (2003)
#
# A bigram model sees one character. To see more, do not make the table bigger (27^4 rows for four
# characters): give each character a short learned vector, its **embedding**, put the embeddings of the last
# k characters side by side, and feed them to a hidden layer:
#
# $$h = \tanh([C_{c_1}, \dots, C_{c_k}] W_1 + b_1), \qquad p(\text{next}) = \mathrm{softmax}(h W_2 + b_2)$$
#
# First with embeddings of only 2 numbers, so we can look at them: characters that behave alike (the vowels)
# end up close together.

# %%
mlp_2d = lm.MLP(V, embed_dim=2, **MLP_SHAPE)
steps, seconds = S["mlp_2d"]
history_2d = lm.train(mlp_2d, corpus, steps, lr=LEARNING_RATES["mlp"], seconds=seconds, eval_every=S["eval_every"])
print(f"MLP with 2-D embeddings: {history_2d['val_loss'][-1]:.4f} nats/char")
pictures.plot_embeddings(mlp_2d.embedding.weight.data, corpus.vocab.chars, OUT / "embeddings.png",
                         title=f"2-D character embeddings (val loss {history_2d['val_loss'][-1]:.3f})")

# %% [markdown]
# Two numbers per character are few. With 10 the model has room for more than "vowel or consonant":

# %%
mlp = lm.MLP(V, embed_dim=10, **MLP_SHAPE)
print(mlp)
steps, seconds = S["mlp"]
history_mlp = lm.train(mlp, corpus, steps, lr=LEARNING_RATES["mlp"], seconds=seconds, eval_every=S["eval_every"])
print(f"MLP: {history_mlp['val_loss'][-1]:.4f} nats/char, "
      f"{bigram_loss - history_mlp['val_loss'][-1]:.3f} better than the bigram")

# %% [markdown]
# ## 4. Attention
#
# The MLP reads a fixed window of k characters. A transformer reads the whole name so far: at every position,
# **causal self-attention** mixes in the earlier positions, each weighted by how well its key answers this
# position's query (softmax of $q \cdot k / \sqrt{d}$, with the future masked out). Token embeddings plus
# position embeddings go in; LayerNorm, attention and a small MLP form one block.

# %%
attention = lm.AttentionLM(V, corpus.longest + 1, **ATTENTION_SHAPE)
print(attention)
steps, seconds = S["attention"]
history_attention = lm.train(attention, corpus, steps, lr=LEARNING_RATES["attention"], seconds=seconds,
                             batch_size=BATCH_SIZES["attention"], eval_every=S["eval_every"])
print(f"attention: {history_attention['val_loss'][-1]:.4f} nats/char")

# %%
histories = {"bigram (gradient descent)": history_bigram, "MLP, 2-D embeddings": history_2d,
             "MLP (Bengio 2003)": history_mlp, "attention": history_attention}
pictures.plot_losses(histories, {"counting bigram": bigram_loss}, OUT / "losses.png")

# %% [markdown]
# ## 5. Next-token generation
#
# To write a name, start from `.`, ask the model for p(next character), draw one, append it, and repeat until
# it draws `.` again. The temperature divides the logits before the softmax (below 1: safer, commoner names);
# top-k keeps only the k likeliest characters. Are the names new, or copies of training names?

# %%
for temperature, top_k in [(0.5, None), (1.0, None), (1.0, 5)]:
    print(f"T={temperature}, top_k={top_k}:", ", ".join(lm.sample(attention, corpus.vocab, 10, temperature, top_k)))
names = lm.sample(attention, corpus.vocab, S["samples"], temperature=TEMPERATURE, seed=1)
share = lm.new_share(names, corpus.train)
print(f"{share:.0%} of {len(names)} sampled names (T={TEMPERATURE}) are not training names")
(OUT / "samples.txt").write_text("\n".join(names) + "\n")

# %% [markdown]
# Where does the model look? One forward pass over a sampled name keeps the attention weights: row t is the
# position predicting character t + 1, column s a position it reads.

# %%
name = max(names[:10], key=len)
attention.next_logits(list(corpus.vocab.encode(name)))
weights = attention.blocks[0].attention.weights[0]
pictures.plot_attention(weights, ["."] + list(name), OUT / "attention.png", title=f"attention over '.{name}'")

# %% [markdown]
# ## 6. One training step, by layer
#
# The computation graph of one step's loss, drawn by `draw_graph` with one box per layer.

# %%
X, Y = attention.examples(corpus, "train")
loss = attention.loss(X[:4], Y[:4])
loss.backward()
minigrad.draw_graph(loss, params=attention, max_nodes=60, rankdir="TB").render(OUT / "step_graph", format="svg",
                                                                               cleanup=True)

# %%
results = {"bigram_val_loss": bigram_loss, "mlp_val_loss": history_mlp["val_loss"][-1],
           "attention_val_loss": history_attention["val_loss"][-1], "new_share": share}
(OUT / "results.json").write_text(json.dumps(results, indent=1))
print(json.dumps(results, indent=1))
