"""The names corpus: real first and last names, one character at a time, for language models (guide chapter 11).

The lists are the 1990 US census' 1,219 male and 4,275 female first names and 88,799 last names. They ship as
data files inside the ``names`` package on PyPI (Trey Hunner, MIT licence), so nothing is downloaded:

    corpus = datasets.names()                 # first names, lower case, split 80/10/10 with a fixed seed
    corpus.train[:3], corpus.vocab.size       # three training names, and 27 symbols: '.' and a..z
    X, Y = corpus.contexts("val", 3)          # every (last 3 characters -> next character) pair of the split
    X, Y = corpus.sequences("val", 12)        # every name as one row: '.' + name, and the name + '.' shifted

A language model reads a name as the sequence ``. e m m a .``. The boundary token ``.`` (id 0) is both the start
token, which fills the context before the first letter, and the end token, which the model predicts when the name
is over. So a model of p(next character | the characters before) also decides how long a name is.
"""

import numpy as np

BOUNDARY = "."
KINDS = {"first": ("dist.male.first", "dist.female.first"), "last": ("dist.all.last",)}
SPLITS = ("train", "val", "test")


def names(kind="first", seed=0):
    """The census names as a ``NamesCorpus``: ``kind="first"`` (5,163 distinct first names) or ``"last"``."""
    if kind not in KINDS:
        raise ValueError(f"names: kind must be one of {tuple(KINDS)}, got {kind!r}")
    from importlib import resources  # here: importlib.resources loads tempfile, and minigrad.data loads nothing extra
    try:
        package = resources.files("names")
    except ModuleNotFoundError:
        raise ImportError("names: the name lists come from the 'names' package, which is not installed: "
                          "pip install names (or pip install minigrad-edu[demos])") from None
    words = set()
    for filename in KINDS[kind]:
        lines = (package / filename).read_text(encoding="ascii").splitlines()
        words.update(line.split()[0].lower() for line in lines if line.strip())
    return NamesCorpus(sorted(words), seed=seed)


class Vocabulary:
    """Characters <-> integer ids. Id 0 is the boundary token '.', the others are the corpus' characters sorted."""

    def __init__(self, characters):
        self.chars = [BOUNDARY] + sorted(set(characters) - {BOUNDARY})
        self.ids = {c: i for i, c in enumerate(self.chars)}

    @property
    def size(self):
        return len(self.chars)

    def encode(self, text):
        """The ids of ``text``'s characters, int64; a character outside the vocabulary raises ValueError."""
        unknown = sorted(set(text) - set(self.ids))
        if unknown:
            raise ValueError(f"encode: {text!r} has character(s) {unknown} that are not in the vocabulary "
                             f"{''.join(self.chars)!r}. Use only these characters (the corpus is lower case).")
        return np.array([self.ids[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        """The text of a sequence of ids."""
        return "".join(self.chars[int(i)] for i in ids)

    def __repr__(self):
        return f"Vocabulary({''.join(self.chars)!r}, size={self.size})"


class NamesCorpus:
    """A list of words split once into train, val and test (80/10/10, shuffled by ``seed``), with its vocabulary.

    Any list of words works, e.g. ``NamesCorpus(["ada", "alan", "grace", ...])``; each split gets at least one."""

    def __init__(self, words, seed=0, fractions=(0.8, 0.1, 0.1)):
        words = [str(w) for w in words]
        if not words or not any(words):
            raise ValueError("NamesCorpus: the corpus is empty, so there is nothing to learn from. Pass a list of "
                             "non-empty words, e.g. NamesCorpus(['emma', 'olivia', 'ava', ...]).")
        if "" in words or any(BOUNDARY in w for w in words):
            raise ValueError(f"NamesCorpus: every word must be non-empty and free of the boundary token "
                             f"{BOUNDARY!r}, which marks where a word starts and ends.")
        if len(words) < len(SPLITS):
            raise ValueError(f"NamesCorpus: {len(words)} word(s) cannot fill the {len(SPLITS)} splits "
                             f"{SPLITS}; give at least {len(SPLITS)}.")
        self.vocab = Vocabulary("".join(words))
        order = np.random.default_rng(seed).permutation(len(words))
        n_val = max(1, round(fractions[1] * len(words)))
        n_test = max(1, round(fractions[2] * len(words)))
        n_train = len(words) - n_val - n_test
        shuffled = [words[i] for i in order]
        self.train, self.val = shuffled[:n_train], shuffled[n_train:n_train + n_val]
        self.test = shuffled[n_train + n_val:]
        self.longest = max(len(w) for w in words)

    def split(self, name):
        if name not in SPLITS:
            raise ValueError(f"NamesCorpus: split must be one of {SPLITS}, got {name!r}")
        return getattr(self, name)

    def contexts(self, split, k):
        """(X int64 (N, k), Y int64 (N,)): for every character of every word, and for its end, the k characters
        before it (padded with '.') and the character itself. N = characters + words in the split."""
        X, Y = [], []
        for word in self.split(split):
            ids = self.vocab.encode(word + BOUNDARY)
            context = [0] * k
            for i in ids:
                X.append(context)
                Y.append(i)
                context = context[1:] + [int(i)]
        return np.array(X, dtype=np.int64).reshape(-1, k), np.array(Y, dtype=np.int64)

    def sequences(self, split, length):
        """(X int64 (n, length), Y int64 (n, length)), one row per word: X = '.' + word, Y = word + '.', so Y[t] is
        the character after X[:t + 1]. Rows are padded: X with '.', Y with -1, which marks "no target here"."""
        words = self.split(split)
        if length < self.longest + 1:
            raise ValueError(f"sequences: length {length} is too short for the longest word ({self.longest} "
                             f"characters + the end token); use length >= {self.longest + 1}.")
        X = np.zeros((len(words), length), dtype=np.int64)
        Y = np.full((len(words), length), -1, dtype=np.int64)
        for row, word in enumerate(words):
            ids = self.vocab.encode(word)
            X[row, 1:len(ids) + 1] = ids
            Y[row, :len(ids)] = ids
            Y[row, len(ids)] = 0
        return X, Y

    def __repr__(self):
        return (f"NamesCorpus({len(self.train)} train, {len(self.val)} val, {len(self.test)} test words, "
                f"{self.vocab.size} symbols, longest {self.longest})")
