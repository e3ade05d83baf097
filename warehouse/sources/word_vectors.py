"""Text vectors from WordLlama's bundled word embeddings, read from the installed package (a source the wheel ships,
never downloaded) (the `wordllama` package's l2_supercat 256-dimension
weights and its Llama-2 tokenizer, both files inside its wheel): a text's vector is the mean of its tokens'
vectors, unit length, so the dot product of two is their cosine.

Why read the files and not call `WordLlama.load()`: load() looks for the tokenizer in a folder the wheel does not
have (`tokenizer/` beside `tokenizers/`), then in ~/.cache, then downloads it from Hugging Face; and importing the
package sets the root logger to INFO. Reading the two files needs neither the package's code nor a network: the
mean of the token vectors is all its `embed` does (no special tokens, no truncation).
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import numpy as np

from transforms.core.search import unit

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
DIM = 256


def _package() -> Path:
    spec = importlib.util.find_spec("wordllama")  # finds the folder without running the package's __init__
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the `wordllama` package (its bundled word vectors) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def _model():
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    folder = _package()
    for name in (WEIGHTS, TOKENIZER):
        if not (folder / name).is_file():
            raise FileNotFoundError(f"the wordllama package has no {name}: {folder / name}")
    vectors = np.ascontiguousarray(load_file(str(folder / WEIGHTS))["embedding.weight"], dtype=np.float32)
    tokenizer = Tokenizer.from_file(str(folder / TOKENIZER))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return vectors, tokenizer


def embed(texts: list[str]) -> np.ndarray:
    """One unit vector (float32, DIM) per text: the mean of its tokens' vectors (zeros for a text with no tokens)."""
    from scipy.sparse import csr_array

    vectors, tokenizer = _model()
    # encode_batch_fast: the same ids as encode_batch without the character offsets, which nothing here reads (the
    # build's 77,137 search texts: 1.6 s instead of 1.9-3.3 s).
    encoded = [encoding.ids for encoding in tokenizer.encode_batch_fast(texts, add_special_tokens=False)]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    ids = np.fromiter((i for text in encoded for i in text), dtype=np.int64, count=int(lengths.sum()))
    # Each text's token counts as a sparse row, times the vectors: the sums of its tokens' vectors without copying
    # a vector per token (the build's 755,357 tokens: 0.8 GB) or a Python loop over the texts (0.4-1.4 s).
    counts = csr_array(
        (np.ones(len(ids), dtype=np.float32), ids, np.concatenate(([0], np.cumsum(lengths)))),
        shape=(len(encoded), len(vectors)),
    )
    return unit(np.asarray(counts @ vectors, dtype=np.float32) / np.maximum(lengths, 1)[:, None])
