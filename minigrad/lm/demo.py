"""``minigrad demo lm``: train the name models on the census last names and write what they learned.

    minigrad demo lm --out runs/lm            # 7 to 10 minutes on two cores; --quick: under a minute

The models (see models.py): the counting bigram, the same bigram by gradient descent, Bengio's MLP with 2-D
embeddings (to look at) and with 10-D ones, and a two-block attention model; each gets at most 5 minutes.

writes into ``--out``: ``results.json`` (the validation loss of each model in nats per character, the share of
sampled names that are new, the training times), ``samples.txt`` (names written by the attention model),
``embeddings.png`` (2-D character embeddings), ``attention.png`` (the attention weights of one sampled name),
``losses.png`` (validation loss against training time) and ``step_graph.svg`` (one training step by layer).
"""
import argparse
import json
import time
from pathlib import Path


from .. import nn
from ..data import datasets
from . import pictures
from .models import MLP, AttentionLM, Bigram, CountingBigram
from .train import evaluate, new_share, sample, train

# Per mode: the corpus, steps and a time cap in seconds for each trained model, how often to measure the
# validation loss, and how many names to sample at the end. The quick run takes the 5,163 first names.
SETTINGS = {
    "full": {"kind": "last", "bigram": (5000, 60), "mlp_2d": (30000, 60), "mlp": (60000, 150),
             "attention": (30000, 285), "eval_every": 1000, "samples": 200},
    "quick": {"kind": "first", "bigram": (200, 5), "mlp_2d": (300, 5), "mlp": (400, 5), "attention": (100, 10),
              "eval_every": 100, "samples": 20},
}
MLP_SHAPE = {"block_size": 4, "hidden": 200}
ATTENTION_SHAPE = {"embed_dim": 48, "num_heads": 3, "num_blocks": 2}
LEARNING_RATES = {"bigram": 0.1, "mlp": 0.01, "attention": 0.005}
BATCH_SIZES = {"bigram": 512, "mlp": 64, "attention": 32}  # the bigram's big batches land it on the counts
TEMPERATURE = 0.8


def run(out, quick=False, seed=0):
    """Train every model, write the pictures, samples.txt and results.json into ``out``; returns the results."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    settings = SETTINGS["quick" if quick else "full"]
    corpus = datasets.names(settings["kind"])
    V = corpus.vocab.size
    nn.init.seed(seed)
    counting = CountingBigram(V).fit(*corpus.contexts("train", 1))
    models = {"bigram (gradient descent)": (Bigram(V), "bigram", settings["bigram"]),
              "MLP, 2-D embeddings": (MLP(V, embed_dim=2, **MLP_SHAPE), "mlp", settings["mlp_2d"]),
              "MLP (Bengio 2003)": (MLP(V, embed_dim=10, **MLP_SHAPE), "mlp", settings["mlp"]),
              "attention": (AttentionLM(V, corpus.longest + 1, **ATTENTION_SHAPE), "attention", settings["attention"])}
    histories = {}
    for name, (model, kind, (steps, seconds)) in models.items():
        histories[name] = train(model, corpus, steps, lr=LEARNING_RATES[kind], batch_size=BATCH_SIZES[kind],
                                seconds=seconds, seed=seed, eval_every=settings["eval_every"])
        print(f"{name}: validation loss {histories[name]['val_loss'][-1]:.4f} nats/char after "
              f"{histories[name]['step'][-1]} steps, {histories[name]['seconds'][-1]:.0f} s")
    (bigram, _, _), (mlp_2d, _, _), (mlp, _, _), (attention, _, _) = models.values()
    names = sample(attention, corpus.vocab, settings["samples"], temperature=TEMPERATURE, seed=seed + 1)
    (out / "samples.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
    results = {
        "corpus": repr(corpus),
        "bigram_val_loss": evaluate(counting, *counting.examples(corpus, "val")),
        "bigram_gd_val_loss": evaluate(bigram, *bigram.examples(corpus, "val")),
        "mlp_2d_val_loss": evaluate(mlp_2d, *mlp_2d.examples(corpus, "val")),
        "mlp_val_loss": evaluate(mlp, *mlp.examples(corpus, "val")),
        "attention_val_loss": evaluate(attention, *attention.examples(corpus, "val")),
        "new_share": new_share(names, corpus.train),
        "temperature": TEMPERATURE,
        "train_seconds": {name: round(h["seconds"][-1], 1) for name, h in histories.items()},
        "train_steps": {name: h["step"][-1] for name, h in histories.items()},
    }
    write_pictures(out, corpus, histories, results, mlp_2d, attention, names)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    return results


def write_pictures(out, corpus, histories, results, mlp_2d, attention, names):
    """embeddings.png, attention.png, losses.png and step_graph.svg."""
    from .. import draw_graph
    chars = corpus.vocab.chars
    pictures.plot_embeddings(mlp_2d.embedding.weight.data, chars, out / "embeddings.png",
                             title=f"2-D character embeddings (MLP, val loss {results['mlp_2d_val_loss']:.3f})")
    name = max(names[:10], key=len)
    attention.next_logits(list(corpus.vocab.encode(name)))  # one forward pass over '.' + name keeps the weights
    block = attention.blocks[0].attention
    pictures.plot_attention(block.weights[0], ["."] + list(name), out / "attention.png",
                            title=f"where each position of '.{name}' looks (first block)")
    pictures.plot_losses(histories, {"counting bigram": results["bigram_val_loss"]}, out / "losses.png",
                         title=f"validation loss, {corpus.vocab.size} symbols ({corpus.longest} letters at most)")
    X, Y = attention.examples(corpus, "train")
    attention.train()
    loss = attention.loss(X[:4], Y[:4])
    loss.backward()
    graph = draw_graph(loss, params=attention, max_nodes=60, rankdir="TB")
    graph.render(out / "step_graph", format="svg", cleanup=True)
    attention.zero_grad()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="minigrad demo lm", description="Train four models of the next "
                                     "character on census last names (counting bigram, bigram, MLP, attention); "
                                     "write results.json, samples.txt and pictures.")
    parser.add_argument("--out", default="runs/lm", help="output folder (default runs/lm)")
    parser.add_argument("--quick", action="store_true", help="a short run (well under a minute)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    results = run(args.out, quick=args.quick, seed=args.seed)
    print(json.dumps({k: v for k, v in results.items() if k.endswith(("loss", "share"))}, indent=1))
    print(f"demo lm: done in {time.perf_counter() - start:.0f} s; see {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
